import API
import Foundation
import LunasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A body trickled a byte at a time resets the idle timeout with every byte; the body deadline
/// (`http.idleTimeoutSeconds`, 2 s here) still ends it, and such a client does not hold up a
/// SIGTERM (found by the hardening review: a notify body at one byte per 20 s held a connection
/// for minutes and kept the server from stopping).
@Suite("Request bodies must arrive within the deadline (lunas serve, real sockets)")
struct BodyDeadlineTests {
    /// Sends one byte every 400 ms (below the 2 s idle timeout), at most `count` bytes, on a Dispatch thread.
    static func trickle(_ connection: RawConnection, count: Int) {
        DispatchQueue.global().async {
            // Raw send: once the server has answered and closed, a send fails, which ends the trickle.
            var byte = UInt8(ascii: "x")
            for _ in 0..<count {
                guard Glibc.send(connection.descriptor, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 else { return }
                usleep(400_000)
            }
        }
    }

    @Test("a trickled notify body and a trickled JSON body have their connection closed; SIGTERM is not held up")
    func trickledBodies() async throws {
        let (process, port, _) = try await ListeningProcess.serveDemoCity(
            with: ["http": ["idleTimeoutSeconds": 2]], name: "body")
        defer { process.send(SIGTERM) }

        for head in [
            "POST /v1.0/qr/qr-mpm-notify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n",
            "POST /api/v1/invoices HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer nobody\r\nIdempotency-Key: k\r\n",
        ] {
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send(head + "Content-Length: 200\r\n\r\n{")
            Self.trickle(connection, count: 60)
            // The trickle would keep the connection busy for 24 s (60 bytes at 400 ms, each within the
            // 2 s idle timeout); the deadline closes it after 2 s with no answer (the route never ran).
            // Waiting at most 20 s tells the two apart.
            #expect(await connection.waitForClose(guardSeconds: 20), "the trickling connection stayed open")
        }

        // A client trickling when SIGTERM arrives: the server still stops, with status 0.
        let slow = try RawConnection(port: port)
        defer { slow.close() }
        try slow.send(
            "POST /v1.0/qr/qr-mpm-notify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n{")
        Self.trickle(slow, count: 60)
        try await Task.sleep(for: .milliseconds(300))
        process.send(SIGTERM)
        do {
            let stopped = try await process.finished(timeout: .seconds(20))
            #expect(stopped.succeeded, "\(stopped)")
        } catch let failure as ChildProcess.Failure {
            Issue.record("the server ran on 20 s after SIGTERM while a client trickled its body: \(failure)")
        }
    }
}
