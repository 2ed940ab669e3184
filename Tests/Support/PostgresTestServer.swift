import Foundation
import Ledger
import Testing

/// The real PostgreSQL 15 the tests run against: the throwaway cluster that `scripts/test.sh`
/// starts (`scripts/lib/postgres-scratch.sh`), named by `LUNAS_TEST_DATABASE_URL`, its password in
/// the file named by `LUNAS_TEST_DATABASE_PASSWORD_FILE`.
///
/// Under `scripts/test.sh` (`LUNAS_REQUIRE_POSTGRES=1`) a missing server fails every PostgreSQL
/// test loudly; in a bare `swift test` without it they are skipped with ``skipReason``. Each test
/// works in a database of its own (``withScratchDatabase(_:)``), dropped afterwards.
public enum PostgresTestServer {
    public static let environment = ProcessInfo.processInfo.environment
    public static var urlText: String? { environment["LUNAS_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    public static var required: Bool { environment["LUNAS_REQUIRE_POSTGRES"] == "1" }

    /// Whether the PostgreSQL tests run: a server is named, or one is required (and its absence fails them).
    public static var enabled: Bool { urlText != nil || required }

    public static let skipReason: Comment = """
        LUNAS_TEST_DATABASE_URL is not set: these tests need a real PostgreSQL; scripts/test.sh starts one \
        (or: source scripts/lib/postgres-scratch.sh && postgres_scratch_start)
        """

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server and the password of the test role.
    public static func base() throws -> (server: DatabaseLocation.PostgresServer, password: String?) {
        guard let urlText else {
            throw Unavailable(
                description: "LUNAS_REQUIRE_POSTGRES=1 but LUNAS_TEST_DATABASE_URL is not set: scripts/test.sh must "
                    + "start the scratch PostgreSQL (scripts/lib/postgres-scratch.sh)")
        }
        guard case .postgres(let server) = try DatabaseLocation.parse(urlText) else {
            throw Unavailable(description: "LUNAS_TEST_DATABASE_URL is not a postgres:// URL: \(urlText)")
        }
        let file = environment["LUNAS_TEST_DATABASE_PASSWORD_FILE"] ?? ""
        return (server, try DatabaseLocation.password(environment: [DatabaseLocation.passwordFileVariable: file]))
    }

    /// Runs SQL with `psql` (the server's own client) as the test role and returns its unaligned output.
    @discardableResult
    public static func psql(_ sql: String, database: String? = nil) async throws -> String {
        let (server, password) = try base()
        let result = try await ChildProcess.run(
            TestExecutable.onPath("psql"),
            [
                "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U", server.user,
                "-d", database ?? server.database, "-c", sql,
            ],
            environment: .adding(["PGPASSWORD": password ?? "", "PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"]),
            timeout: .seconds(120))
        guard result.succeeded else {
            throw ChildProcess.Failure(
                command: "psql -c \(sql)", reason: "exit \(result.status)", output: result.stderrText)
        }
        return result.stdoutText
    }

    /// Runs `body` with a new, empty database of its own on the test server, dropped afterwards.
    public static func withScratchDatabase<Result>(
        _ body: (DatabaseLocation.PostgresServer, String?) async throws -> Result
    ) async throws -> Result {
        var (server, password) = try base()
        let name = "lunas_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await psql("CREATE DATABASE \(name)")
        server.database = String(name)
        do {
            let result = try await body(server, password)
            try await psql("DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            _ = try? await psql("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }
}
