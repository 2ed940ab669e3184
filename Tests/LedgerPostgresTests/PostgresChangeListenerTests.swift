import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

/// Wake-ups across nodes (issue #18): a commit on node A wakes a waiter on node B through
/// LISTEN/NOTIFY; a rolled-back transaction wakes nobody; a lost LISTEN connection is replaced and
/// its waiters are woken once.
@Suite(
    "PostgresChangeListener on a real PostgreSQL",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresChangeListenerTests {
    static let logger = PostgresEventChainTests.logger
    /// A deadline that a wake-up beats by far; reaching it fails the test.
    static var far: ContinuousClock.Instant { .now.advanced(by: .seconds(60)) }

    /// Node B: a broadcast fed by its own LISTEN connection, running while `body` runs.
    static func withNodeB<Result: Sendable>(
        _ server: DatabaseLocation.PostgresServer, _ password: String?,
        _ body: (PostgresChangeListener, LedgerChangeBroadcast) async throws -> Result
    ) async throws -> Result {
        let broadcast = LedgerChangeBroadcast()
        let listener = PostgresChangeListener(
            server, password: password, signal: broadcast, logger: logger, retryDelay: .milliseconds(100),
            probeInterval: .seconds(5))
        let running = Task { await listener.run() }
        do {
            try await Condition.waitUntil("node B listens") { listener.status.listens == 1 }
            let result = try await body(listener, broadcast)
            running.cancel()
            await running.value
            return result
        } catch {
            running.cancel()
            await running.value
            throw error
        }
    }

    /// Node A (a pool and its chain on a migrated database) and node B, while `body` runs.
    static func withNodes(
        _ body: (PostgresEventChain, PostgresChangeListener, LedgerChangeBroadcast) async throws -> Void
    ) async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { nodeA in
                _ = try await PostgresLedgerSchema.migrate(nodeA, appliedBy: "test")
                let chain = PostgresEventChain(database: nodeA)
                try await Self.withNodeB(server, password) { listener, broadcast in
                    try await body(chain, listener, broadcast)
                }
            }
        }
    }

    /// A waiter on `broadcast` that waits from the current generation; returns once it waits.
    static func waiter(_ broadcast: LedgerChangeBroadcast) async throws -> (Task<Void, Never>, ContinuousClock.Instant)
    {
        let seen = broadcast.generation
        let deadline = far
        let before = broadcast.waiting
        let task = Task { await broadcast.wait(after: seen, until: deadline) }
        try await Condition.waitUntil("the waiter waits") { broadcast.waiting == before + 1 }
        return (task, deadline)
    }

    @Test("an append committed on node A wakes a waiter on node B, with the new head as payload")
    func commitWakesOtherNode() async throws {
        try await Self.withNodes { chain, listener, broadcast in
            for round in 1...3 {
                let (waiter, deadline) = try await Self.waiter(broadcast)
                _ = try await chain.append([
                    PostgresEventChainTests.enrolment("n\(round)", at: PostgresEventChainTests.start)
                ])
                await waiter.value
                #expect(ContinuousClock.now < deadline)
                #expect(listener.status.payloads.last == "\(round)")
            }
        }
    }

    @Test("a rolled-back transaction's notification is never delivered; the next commit's is")
    func rollbackWakesNobody() async throws {
        struct RolledBack: Error {}
        try await PostgresTestServer.withScratchDatabase { server, password in
            let nodeA = PostgresSessionQueue(server, password: password, logger: Self.logger, label: "node-a")
            try await Self.withNodeB(server, password) { listener, broadcast in
                let before = broadcast.generation
                await #expect(throws: RolledBack.self) {
                    try await nodeA.run { session in
                        try session.transaction { transaction in
                            try transaction.execute(PostgresChangeListener.notifySQL, [.text("rolled-back")])
                            throw RolledBack()
                        }
                    }
                }
                // Notifications arrive in commit order: had the rolled-back one been sent, it would
                // come before this marker.
                _ = try await nodeA.run { try $0.execute(PostgresChangeListener.notifySQL, [.text("marker")]) }
                try await Condition.waitUntil("node B hears the marker") {
                    listener.status.payloads.contains("marker")
                }
                #expect(listener.status.payloads == ["marker"])
                #expect(broadcast.generation == before + 1)
            }
            await nodeA.close()
        }
    }

    @Test("B's LISTEN connection terminated: B reconnects, wakes its waiters once, and later commits wake them again")
    func reconnectsAndWakes() async throws {
        try await Self.withNodes { chain, listener, broadcast in
            let first = try #require(listener.status.backendPID)
            let (waiter, deadline) = try await Self.waiter(broadcast)
            let before = broadcast.generation
            // From another database of the test server: the role may end its own sessions anywhere.
            try await PostgresTestServer.psql("SELECT pg_terminate_backend(\(first))")
            await waiter.value
            #expect(ContinuousClock.now < deadline)
            try await Condition.waitUntil("node B listens again") { listener.status.listens == 2 }
            #expect(broadcast.generation == before + 1)
            let second = try #require(listener.status.backendPID)
            #expect(second != first)
            let (again, againDeadline) = try await Self.waiter(broadcast)
            _ = try await chain.append([
                PostgresEventChainTests.enrolment("after", at: PostgresEventChainTests.start)
            ])
            await again.value
            #expect(ContinuousClock.now < againDeadline)
            #expect(listener.status.payloads == ["1"])
        }
    }
}
