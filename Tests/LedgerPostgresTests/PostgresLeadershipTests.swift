import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

/// Leadership for periodic jobs across nodes (issue #18): of two candidates exactly one leads; the
/// leader's lock session terminated, the other takes over within its try interval; the job never
/// runs on two nodes at once.
@Suite(
    "PostgresLeadership on a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresLeadershipTests {
    static let logger = PostgresEventChainTests.logger
    static let tryInterval: Duration = .milliseconds(200)

    /// Two candidates for one job, leading while `body` runs; each runs `job(nodeIndex)` while it leads.
    static func withCandidates<Result: Sendable>(
        _ server: DatabaseLocation.PostgresServer, _ password: String?,
        job: @escaping @Sendable (Int) async -> Void,
        _ body: ([PostgresLeadership]) async throws -> Result
    ) async throws -> Result {
        let candidates = (0..<2).map { _ in
            PostgresLeadership(
                "test-job", server: server, password: password, logger: logger, tryInterval: tryInterval)
        }
        let running = candidates.enumerated().map { index, candidate in
            Task { await candidate.lead { await job(index) } }
        }
        do {
            let result = try await body(candidates)
            for task in running { task.cancel() }
            for task in running { await task.value }
            return result
        } catch {
            for task in running { task.cancel() }
            for task in running { await task.value }
            throw error
        }
    }

    /// A job that idles until it is cancelled.
    static let idle: @Sendable (Int) async -> Void = { _ in
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)) }
    }

    /// The index of the one candidate that leads, once one does (and the other does not).
    static func leader(of candidates: [PostgresLeadership]) async throws -> Int {
        try await Condition.waitUntil("one candidate leads") { candidates.contains { $0.status.leading } }
        let leaders = candidates.indices.filter { candidates[$0].status.leading }
        try #require(leaders.count == 1)
        return leaders[0]
    }

    @Test("two candidates: exactly one leads, and the other keeps asking without leading")
    func exactlyOne() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await Self.withCandidates(server, password, job: Self.idle) { candidates in
                let leader = try await Self.leader(of: candidates)
                let other = candidates[1 - leader]
                let asked = other.status.attempts
                try await Condition.waitUntil("the other candidate asks 3 more times") {
                    other.status.attempts >= asked + 3
                }
                #expect(candidates[leader].status.leading)
                #expect(candidates[leader].status.terms == 1)
                #expect(!other.status.leading)
                #expect(other.status.terms == 0)
            }
        }
    }

    @Test("the leader's lock session terminated: the other leads within its try interval, the former leader follows")
    func takeover() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await Self.withCandidates(server, password, job: Self.idle) { candidates in
                let leader = try await Self.leader(of: candidates)
                let pid = try #require(candidates[leader].status.backendPID)
                try await PostgresTestServer.psql("SELECT pg_terminate_backend(\(pid))", database: server.database)
                let other = candidates[1 - leader]
                // Within the try interval plus the takeover delay; the deadline bounds a broken run.
                try await Condition.waitUntil("the other candidate leads", within: .seconds(10)) {
                    other.status.leading
                }
                #expect(!candidates[leader].status.leading)
                let asked = candidates[leader].status.attempts
                try await Condition.waitUntil("the former leader asks again") {
                    candidates[leader].status.attempts > asked
                }
                #expect(!candidates[leader].status.leading)
                #expect(other.status.leading)
            }
        }
    }

    @Test("through two takeovers, no two rounds of the job overlap (counted in a shared table)")
    func neverTwoAtOnce() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let queues = (0..<2).map {
                PostgresSessionQueue(server, password: password, logger: Self.logger, label: "node-\($0)")
            }
            try await queues[0].run { session in
                try session.execute("CREATE TABLE job_state (running BIGINT NOT NULL)", [])
                try session.execute("INSERT INTO job_state VALUES (0)", [])
                try session.execute("CREATE TABLE job_rounds (node BIGINT NOT NULL, running BIGINT NOT NULL)", [])
            }
            // One round: count in, work 20 ms, count out, all on the node's own connection (a round,
            // once started, always counts out).
            let job: @Sendable (Int) async -> Void = { node in
                while !Task.isCancelled {
                    _ = try? await queues[node].run { session in
                        let running: Int64 = try #require(
                            try session.value("UPDATE job_state SET running = running + 1 RETURNING running", []))
                        try session.execute(
                            "INSERT INTO job_rounds VALUES (?, ?)", [Int64(node).sqlValue, running.sqlValue])
                        try session.execute("SELECT pg_sleep(0.02)", [])
                        try session.execute("UPDATE job_state SET running = running - 1", [])
                    }
                }
            }
            func rounds(_ node: Int) async throws -> Int64 {
                try await queues[0].run { session in
                    try session.value("SELECT COUNT(*) FROM job_rounds WHERE node = ?", [Int64(node).sqlValue]) ?? 0
                }
            }
            try await Self.withCandidates(server, password, job: job) { candidates in
                var leader = try await Self.leader(of: candidates)
                for _ in 0..<2 {
                    let done = try await rounds(leader)
                    try await Condition.waitUntil("the leader runs 3 rounds") { try await rounds(leader) >= done + 3 }
                    let pid = try #require(candidates[leader].status.backendPID)
                    try await PostgresTestServer.psql(
                        "SELECT pg_terminate_backend(\(pid))", database: server.database)
                    let next = 1 - leader
                    try await Condition.waitUntil("node \(next) leads", within: .seconds(10)) {
                        candidates[next].status.leading
                    }
                    leader = next
                }
                let done = try await rounds(leader)
                try await Condition.waitUntil("the last leader runs 3 rounds") { try await rounds(leader) >= done + 3 }
            }
            let (most, nodes): (Int64, Int64) = try await queues[0].run { session in
                (
                    try #require(try session.value("SELECT MAX(running) FROM job_rounds", [])),
                    try #require(try session.value("SELECT COUNT(DISTINCT node) FROM job_rounds", []))
                )
            }
            #expect(most == 1)
            #expect(nodes == 2)
            for queue in queues { await queue.close() }
        }
    }
}
