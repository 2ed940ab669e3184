import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import LunasTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Fenced leadership of periodic jobs across nodes (issue #18), against the real PostgreSQL: of two
/// nodes exactly one runs rounds; a leader killed or frozen (a real `psql` process holding the lock)
/// is replaced within the stated bound; rounds never overlap, through clean hand-overs and a lost
/// session; cancellation ends the round and frees the lock.
///
/// No assertion depends on speed except the takeover bounds, which are the property; their answer
/// time-out is 20 s so that a loaded machine answers well within it (margins in each test).
@Suite(
    "PostgresJobLeadership on a real PostgreSQL",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason),
    .timeLimit(.minutes(10))
)
struct PostgresJobLeadershipTests {
    static let logger = PostgresEventChainTests.logger
    static let job = "test-job"
    static let key = PostgresJobLeadership.lockKey(job)
    /// Quick asking, no takeover delay (these tests lose no session of a live node), generous answers.
    static let fast = try! PostgresJobLeadership.Timing(
        tryInterval: .milliseconds(200), heartbeatInterval: .seconds(1), answerTimeout: .seconds(20),
        serverIdleTimeout: .seconds(30), takeoverDelay: .zero)

    static func node(
        _ server: DatabaseLocation.PostgresServer, _ password: String?,
        timing: PostgresJobLeadership.Timing = fast
    ) -> PostgresJobLeadership {
        PostgresJobLeadership(job, server: server, password: password, logger: logger, timing: timing)
    }

    /// Runs `lead` of `node` as node number `index`, each round logged in `log` around `work`.
    static func start(
        _ node: PostgresJobLeadership, _ index: Int, _ log: RoundLog, every interval: Duration = .milliseconds(20),
        work: @escaping @Sendable () async -> Void = {}
    ) -> Task<Void, Never> {
        Task { await node.lead(every: interval) { await log.round(index, work) } }
    }

    static func stop(_ tasks: [Task<Void, Never>]) async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    @Test("timing that would let the server end a live leader's session is refused, naming the values")
    func invalidTiming() {
        #expect(throws: PostgresJobLeadership.Invalid.self) {
            try PostgresJobLeadership.Timing(
                heartbeatInterval: .seconds(20), answerTimeout: .seconds(10), serverIdleTimeout: .seconds(30))
        }
        do {
            _ = try PostgresJobLeadership.Timing(tryInterval: .zero)
            Issue.record("a zero try interval was accepted")
        } catch {
            #expect("\(error)".contains("tryInterval must be positive"))
        }
        let standard = try? PostgresJobLeadership.Timing()
        #expect(standard?.delayCoversLoss == true)
    }

    @Test("two nodes on one database: exactly one runs rounds, the other keeps asking")
    func exactlyOne() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let nodes = [Self.node(server, password), Self.node(server, password)]
            let log = RoundLog()
            let tasks = nodes.indices.map { Self.start(nodes[$0], $0, log) }
            try await Condition.waitUntil("20 rounds ran", within: .seconds(120)) { log.total >= 20 }
            let leader = log.started(0) > 0 ? 0 : 1
            let other = nodes[1 - leader]
            let asked = other.status.attempts
            try await Condition.waitUntil("the other node asks 3 more times", within: .seconds(120)) {
                other.status.attempts >= asked + 3
            }
            // Read while the leader still leads: once it stops, the other may take the lock (a term
            // without a round, in the takeover delay) before its own task is cancelled.
            let (otherTerms, otherRounds) = (other.status.terms, other.status.rounds)
            let otherStarted = log.started(1 - leader)
            await Self.stop(tasks)
            #expect(otherStarted == 0)
            #expect(log.mostAtOnce == 1)
            #expect(nodes[leader].status.terms == 1)
            #expect(otherTerms == 0)
            #expect(otherRounds == 0)
        }
    }

    /// A node that asks while `holder` leads: refused 3 times and no round, then `end(holder)` (a kill,
    /// a freeze), then it leads and runs a round. Returns how long after `end` it held the lock.
    static func takeover(
        _ server: DatabaseLocation.PostgresServer, _ password: String?, from holder: LockHoldingNode,
        end: (LockHoldingNode) async throws -> Void
    ) async throws -> Duration {
        let node = Self.node(server, password)
        let log = RoundLog()
        let task = Self.start(node, 0, log)
        try await Condition.waitUntil("the node is refused 3 times", within: .seconds(120)) {
            node.status.attempts >= 3
        }
        #expect(!node.status.leading)
        #expect(log.total == 0)
        let ended = ContinuousClock.now
        try await end(holder)
        try await Condition.waitUntil("the node leads", within: .seconds(120)) { node.status.leading }
        let took = ContinuousClock.now - ended
        try await Condition.waitUntil("the node runs a round", within: .seconds(120)) { log.total >= 1 }
        await Self.stop([task])
        return took
    }

    @Test("the leader killed with SIGKILL: the other node leads within lockTakenBound of the kill")
    func killedLeader() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let holder = try await LockHoldingNode(server, password: password, key: Self.key, idleTimeout: nil)
            let took = try await Self.takeover(server, password, from: holder) { await $0.kill() }
            // The property: the server frees the lock as the socket closes, and the node holds it within
            // lockTakenBound (0.2 s + 3 × 20 s; typically 0.2 s plus milliseconds).
            #expect(took <= Self.fast.lockTakenBound, "took \(took)")
        }
    }

    @Test("the leader frozen with SIGSTOP (socket open, silent): the server ends its session after its idle time-out")
    func frozenLeader() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            // The idle time-out is set only once the node was refused (on a loaded machine the node may
            // take longer than 10 s to be refused 3 times); it counts from that statement, just before the freeze.
            let idle = Duration.seconds(10)
            let holder = try await LockHoldingNode(server, password: password, key: Self.key, idleTimeout: nil)
            let took = try await Self.takeover(server, password, from: holder) {
                try await $0.run(
                    "SET idle_in_transaction_session_timeout = \(idle.components.seconds * 1000)", in: server.database)
                $0.process.send(SIGSTOP)
            }
            await holder.kill()
            // The property: the idle time-out (10 s, counted from the frozen node's last statement,
            // before the freeze) + lockTakenBound (60.2 s, typically 0.2 s).
            #expect(took <= idle + Self.fast.lockTakenBound, "took \(took)")
        }
    }

    @Test("rounds never overlap across 3 clean hand-overs (a node stopped while in a round)")
    func handOvers() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let queue = PostgresSessionQueue(server, password: password, logger: Self.logger, label: "work")
            // Each round does real work on another connection, as invoice expiry does through the store.
            let work: @Sendable () async -> Void = {
                _ = try? await queue.run { session in try session.execute("SELECT pg_sleep(0.01)", []) }
            }
            let log = RoundLog()
            var nodes = [Self.node(server, password), Self.node(server, password)]
            var tasks = nodes.indices.map { Self.start(nodes[$0], $0, log, work: work) }
            for handOver in 0..<3 {
                try await Condition.waitUntil("a node leads (hand-over \(handOver))", within: .seconds(120)) {
                    nodes.contains { $0.status.leading && $0.status.rounds > 0 }
                }
                let leader = nodes[0].status.leading ? 0 : 1
                let done = log.started(leader)
                try await Condition.waitUntil("5 more rounds", within: .seconds(120)) {
                    log.started(leader) >= done + 5
                }
                // Stopped while a round may be running: the round is cancelled and ends before the lock is freed.
                await Self.stop([tasks[leader]])
                let other = 1 - leader
                let before = log.started(other)
                try await Condition.waitUntil("the other node runs 5 rounds", within: .seconds(120)) {
                    log.started(other) >= before + 5
                }
                nodes[leader] = Self.node(server, password)
                tasks[leader] = Self.start(nodes[leader], leader, log, work: work)
            }
            await Self.stop(tasks)
            await queue.close()
            #expect(log.mostAtOnce == 1)
            #expect(log.running == 0)
            #expect(log.started(0) > 0 && log.started(1) > 0)
        }
    }

    @Test("the leader's session ended by the server while its process lives: it stops, and rounds never overlap")
    func lostSession() async throws {
        // The delay (30 s) exceeds lossNoticedBound (1 s + 20 s): the former leader has cancelled its
        // round before the new leader's first; the remaining 9 s are for that round to end. Its work
        // (2 s, back to back, so the session is ended inside a round) ignores cancellation, like a
        // store call already sent; with no delay the rounds overlap (checked: mostAtOnce 2).
        let timing = try PostgresJobLeadership.Timing(
            tryInterval: .milliseconds(200), heartbeatInterval: .seconds(1), answerTimeout: .seconds(20),
            serverIdleTimeout: .seconds(30), takeoverDelay: .seconds(30))
        #expect(timing.delayCoversLoss)
        try await PostgresTestServer.withScratchDatabase { server, password in
            let queues = (0..<2).map {
                PostgresSessionQueue(server, password: password, logger: Self.logger, label: "work-\($0)")
            }
            let work = { (node: Int) -> @Sendable () async -> Void in
                { _ = try? await queues[node].run { session in try session.execute("SELECT pg_sleep(2)", []) } }
            }
            let log = RoundLog()
            let nodes = [Self.node(server, password, timing: timing), Self.node(server, password, timing: timing)]
            let tasks = nodes.indices.map { Self.start(nodes[$0], $0, log, every: .zero, work: work($0)) }
            try await Condition.waitUntil("a node runs 3 rounds", within: .seconds(180)) {
                log.started(0) >= 3 || log.started(1) >= 3
            }
            let leader = log.started(0) >= 3 ? 0 : 1
            let asked = nodes[leader].status.attempts
            let pid = try #require(nodes[leader].status.backendPID)
            try await PostgresTestServer.psql("SELECT pg_terminate_backend(\(pid))", database: server.database)
            let other = 1 - leader
            try await Condition.waitUntil("the other node runs 3 rounds", within: .seconds(180)) {
                log.started(other) >= 3
            }
            try await Condition.waitUntil("the former leader asks again", within: .seconds(120)) {
                nodes[leader].status.attempts > asked
            }
            #expect(!nodes[leader].status.leading)
            #expect(nodes[other].status.leading)
            await Self.stop(tasks)
            for queue in queues { await queue.close() }
            #expect(log.mostAtOnce == 1)
        }
    }

    @Test("cancellation cancels the running round, waits for it, ends the lead and frees the lock")
    func cancellation() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let node = Self.node(server, password)
            let log = RoundLog()
            let task = Self.start(node, 0, log) {
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            }
            try await Condition.waitUntil("a round runs", within: .seconds(120)) { log.running == 1 }
            #expect(try await LockHoldingNode.holder(of: Self.key, in: server.database) == "lunas job \(Self.job)")
            task.cancel()
            await task.value
            #expect(log.running == 0)
            #expect(log.started(0) == 1)
            #expect(log.cancelled == 1)
            #expect(!node.status.leading)
            try await Condition.waitUntil("the lock is free", within: .seconds(120)) {
                try await LockHoldingNode.holder(of: Self.key, in: server.database) == nil
            }
        }
    }
}
