import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

/// The queue the PostgreSQL store's blocking SQL will run on (issue #18).
@Suite(
    "PostgresSessionQueue on a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason)
)
struct PostgresSessionQueueTests {
    @Test("jobs from many tasks run one at a time: read-then-write without a transaction loses no update")
    func oneAtATime() async throws {
        let final: Int64? = try await PostgresTestServer.withScratchDatabase { server, password in
            let queue = PostgresSessionQueue(
                server, password: password, logger: SQLSessionContractTests.logger, label: "test")
            try await queue.run { session in
                try session.execute("CREATE TABLE counter (n BIGINT NOT NULL)", [])
                try session.execute("INSERT INTO counter VALUES (0)", [])
            }
            // Two jobs overlapping on the one connection would interleave their SELECT and UPDATE
            // and lose increments.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await queue.run { session in
                            let n: Int64 = try #require(try session.value("SELECT n FROM counter", []))
                            try session.execute("UPDATE counter SET n = ?", [(n + 1).sqlValue])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final: Int64? = try await queue.run { try $0.value("SELECT n FROM counter", []) }
            await queue.close()
            return final
        }
        #expect(final == 40)
    }

    @Test("a connection the server ends fails the job that meets it; the next job opens a new one")
    func reconnects() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            // postgres-nio sometimes never answers a statement sent just after the server ended the
            // connection; the answer timeout turns that into connectionLost too.
            let queue = PostgresSessionQueue(
                server, password: password, logger: SQLSessionContractTests.logger, label: "test",
                answerTimeout: .seconds(5))
            let first: Int64 = try await queue.run { try #require(try $0.value("SELECT pg_backend_pid()", [])) }
            try await PostgresTestServer.psql("SELECT pg_terminate_backend(\(first))", database: server.database)
            // The server's FATAL reaches the connection when the next statement is sent or read.
            let lost = await #expect(throws: SQLFailure.self) {
                try await queue.run { try $0.execute("SELECT 1", []) }
            }
            if case .connectionLost = lost {
            } else {
                Issue.record("expected connectionLost, got \(String(describing: lost))")
            }
            let second: Int64 = try await queue.run { try #require(try $0.value("SELECT pg_backend_pid()", [])) }
            #expect(second != first)
            await queue.close()
        }
    }
}
