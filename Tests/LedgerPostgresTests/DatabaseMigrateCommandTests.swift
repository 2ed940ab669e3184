import Foundation
import Ledger
import LunasTestSupport
import Testing

/// `lunas db migrate [--database URL]` as a real process against the real PostgreSQL, with the
/// password from `DATABASE_PASSWORD_FILE`, and TLS through NIOSSL per `sslmode`.
@Suite(
    "lunas db migrate on a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct DatabaseMigrateCommandTests {
    static func lunas(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess.Result {
        let result = try await ChildProcess.run(
            TestExecutable.lunas(), arguments,
            environment: .adding(
                environment.merging(["DATABASE_URL": "", "DATABASE_PASSWORD": ""]) { mine, _ in mine }),
            directory: TestExecutable.repositoryRoot, timeout: .seconds(120))
        #expect(!result.terminatedBySignal, "\(result)")
        return result
    }

    static var passwordFile: String { PostgresTestServer.environment["LUNAS_TEST_DATABASE_PASSWORD_FILE"] ?? "" }

    @Test(
        "postgres://…?sslmode=disable: applies pg-v1, pg-v2, pg-v3-settlement-withdrawals, pg-v4-day-totals, pg-v5-node-state, pg-v6-byte-order and pg-v7-copy-marker and says so; the second run applies nothing"
    )
    func migrateTwice() async throws {
        try await PostgresTestServer.withScratchDatabase { server, _ in
            let environment = [DatabaseLocation.passwordFileVariable: Self.passwordFile]
            let first = try await Self.lunas(["db", "migrate", "--database", server.url], environment: environment)
            #expect(first.succeeded, "\(first)")
            #expect(
                first.stdoutText
                    == "applied pg-v1\napplied pg-v2\napplied pg-v3-settlement-withdrawals\napplied pg-v4-day-totals\napplied pg-v5-node-state\napplied pg-v6-byte-order\napplied pg-v7-copy-marker\nPostgreSQL ledger \(server.url): the schema is at pg-v7-copy-marker\n"
            )
            let second = try await Self.lunas(["db", "migrate", "--database", server.url], environment: environment)
            #expect(second.succeeded, "\(second)")
            #expect(
                second.stdoutText
                    == "PostgreSQL ledger \(server.url): nothing to apply, the schema is at pg-v7-copy-marker\n")
            #expect(
                try await PostgresTestServer.psql(
                    "SELECT name, applied_by FROM lunas_schema_migrations", database: server.database)
                    == "pg-v1|lunas db migrate (role \(server.user))\npg-v2|lunas db migrate (role \(server.user))\npg-v3-settlement-withdrawals|lunas db migrate (role \(server.user))\npg-v4-day-totals|lunas db migrate (role \(server.user))\npg-v5-node-state|lunas db migrate (role \(server.user))\npg-v6-byte-order|lunas db migrate (role \(server.user))\npg-v7-copy-marker|lunas db migrate (role \(server.user))\n"
            )
        }
    }

    @Test("a wrong password or an unreadable password file fails with exit 1, naming the cause and never the password")
    func passwordProblems() async throws {
        try await PostgresTestServer.withScratchDatabase { server, _ in
            let wrong = try await Self.lunas(
                ["db", "migrate", "--database", server.url], environment: ["DATABASE_PASSWORD": "not-the-password-42"])
            #expect(wrong.status == 1, "\(wrong)")
            #expect(wrong.stderrText.contains("lunas db migrate: storage.failure"), "\(wrong.stderrText)")
            // At once and with the server's reason (not the pool's "gave up" after a minute of retries).
            #expect(wrong.stderrText.contains("password authentication failed"), "\(wrong.stderrText)")
            #expect(!wrong.stderrText.contains("not-the-password-42"))
            let missing = try await Self.lunas(
                ["db", "migrate", "--database", server.url],
                environment: [DatabaseLocation.passwordFileVariable: "/nonexistent/lunas-password"])
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderrText.contains("database.passwordUnreadable"), "\(missing.stderrText)")
            #expect(missing.stderrText.contains("/nonexistent/lunas-password"))
            #expect(
                try await PostgresTestServer.psql("SELECT to_regclass('events') IS NULL", database: server.database)
                    == "t\n")
        }
    }

    @Test("a password inside the URL is refused (exit 78) before any connection, and not repeated")
    func passwordInURL() async throws {
        let result = try await Self.lunas(
            ["db", "migrate", "--database", "postgres://lunas:hunter2@127.0.0.1:1/lunas?sslmode=disable"],
            environment: [:])
        #expect(result.status == 78, "\(result)")
        #expect(result.stderrText.contains("database.passwordInURL"), "\(result.stderrText)")
        #expect(result.stderrText.contains("DATABASE_PASSWORD_FILE"))
        #expect(!result.stderrText.contains("hunter2"))
    }

    @Test(
        "sslmode=require speaks TLS (the role lunas_tls is admitted over TLS only); verify-full refuses a self-signed certificate",
        .enabled(if: PostgresTestServer.environment["LUNAS_TEST_POSTGRES_TLS"] == "1", "the scratch server has no TLS"))
    func tls() async throws {
        try await PostgresTestServer.withScratchDatabase { server, _ in
            let environment = [DatabaseLocation.passwordFileVariable: Self.passwordFile]
            var plain = server
            plain.user = "lunas_tls"
            let refused = try await Self.lunas(["db", "migrate", "--database", plain.url], environment: environment)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderrText.contains("no encryption"), "\(refused.stderrText)")
            var required = plain
            required.sslMode = .require
            let migrated = try await Self.lunas(
                ["db", "migrate", "--database", required.url], environment: environment)
            #expect(migrated.succeeded, "\(migrated)")
            #expect(migrated.stdoutText.hasPrefix("applied pg-v1\n"), "\(migrated.stdoutText)")
            var verified = server
            verified.sslMode = .verifyFull
            let unverified = try await Self.lunas(
                ["db", "migrate", "--database", verified.url], environment: environment)
            #expect(unverified.status == 1, "\(unverified)")
            #expect(unverified.stderrText.contains("CERTIFICATE_VERIFY_FAILED"), "\(unverified.stderrText)")
        }
    }
}
