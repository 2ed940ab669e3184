import API
import Dispatch
import Foundation
import HummingbirdTesting
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The idle timeout and the connection cap (issue 12, item 9), over real loopback sockets.
@Suite("Connections: idle and half-sent-header timeout, the connection cap (real sockets)")
struct ConnectionLimitTests {
    /// Runs the live server with `idle` seconds of idle timeout and at most `cap` connections.
    static func live(idle: Int, cap: Int, _ test: @Sendable (Int) async throws -> Void) async throws {
        var fixture = try await APIFixture.make()
        var settings = fixture.settings
        settings.idleTimeoutSeconds = idle
        settings.maxConnections = cap
        fixture = APIFixture(
            directory: fixture.directory, settings: settings, store: fixture.store, clock: fixture.clock,
            tokens: fixture.tokens, deviceIDs: fixture.deviceIDs)
        try await fixture.live { client in try await test(try #require(client.port)) }
    }

    @Test("a client that sends half a request head is disconnected after the idle timeout")
    func halfSentHeaders() async throws {
        try await Self.live(idle: 1, cap: 2048) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            // Without a timeout the server would wait for the rest forever; 30 s is a guard, not a measure.
            let closed = await connection.waitForClose(guardSeconds: 30)
            #expect(closed, "the server kept a half-sent request open")
        }
    }

    @Test("past the cap a connection is served only after an earlier one closes (lunas serve, http.maxConnections 1)")
    func connectionCap() async throws {
        let (process, port, _) = try await ListeningProcess.serveDemoCity(
            with: ["http": ["maxConnections": 1, "idleTimeoutSeconds": 2]], name: "cap")
        defer { if process.isRunning { process.terminate() } }

        let first = try RawConnection(port: port)
        defer { first.close() }
        try first.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let answer = await first.receive(guardSeconds: 30)
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        // The first connection stays open (keep-alive) and holds the only slot.
        let second = try RawConnection(port: port)
        defer { second.close() }
        try second.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        async let firstClosed = first.waitForCloseInstant(guardSeconds: 30)
        async let secondAnswered = second.receiveInstant(guardSeconds: 30)
        let (closedAt, (text, answeredAt)) = await (firstClosed, secondAnswered)
        #expect(text.hasPrefix("HTTP/1.1 200"), "\(text)")
        let closed = try #require(closedAt, "the idle first connection was never closed")
        let answered = try #require(answeredAt, "the second connection was never served")
        #expect(answered >= closed, "the second connection was served while the first held the only slot")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// A blocking TCP client on 127.0.0.1; its waits run on a Dispatch thread, never the task pool.
final class RawConnection: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0, "cannot connect to 127.0.0.1:\(port): errno \(errno)")
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        try #require(sent == bytes.count, "send failed: errno \(errno)")
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Reads until the peer closes or `guardSeconds` pass; true when it closed.
    func waitForClose(guardSeconds: Int) async -> Bool {
        await waitForCloseInstant(guardSeconds: guardSeconds) != nil
    }

    /// The instant the peer closed the connection, or nil when it did not within `guardSeconds`.
    func waitForCloseInstant(guardSeconds: Int) async -> ContinuousClock.Instant? {
        await blocking { [descriptor] in
            let deadline = ContinuousClock.now + .seconds(guardSeconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ContinuousClock.now < deadline {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 200) > 0 else { continue }
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { return ContinuousClock.now }
            }
            return nil
        }
    }

    /// The first bytes received (up to the end of a short response), or "" after `guardSeconds`.
    func receive(guardSeconds: Int) async -> String {
        await receiveInstant(guardSeconds: guardSeconds).text
    }

    /// The response head and the instant its first bytes arrived.
    func receiveInstant(guardSeconds: Int) async -> (text: String, at: ContinuousClock.Instant?) {
        await blocking { [descriptor] in
            let deadline = ContinuousClock.now + .seconds(guardSeconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while ContinuousClock.now < deadline {
                guard poll(&poller, 1, 200) > 0 else { continue }
                let at = ContinuousClock.now
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { return ("", nil) }
                return (String(decoding: buffer[0..<count], as: UTF8.self), at)
            }
            return ("", nil)
        }
    }

    private func blocking<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
