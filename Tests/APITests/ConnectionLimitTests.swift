import API
import Dispatch
import Foundation
import HummingbirdTesting
import Logging
import LunasTestSupport
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
        defer { process.send(SIGTERM) }

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
        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")
    }
}
