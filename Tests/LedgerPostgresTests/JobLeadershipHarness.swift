import Foundation
import Ledger
import LedgerPostgres
import LunasTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Rounds of a job across the nodes of one test process: how many each node started, and the most
/// that ever ran at once (counted on entry, before any await).
final class RoundLog: Sendable {
    private struct State {
        var running = 0
        var mostAtOnce = 0
        var started: [Int: Int] = [:]
        var ended: [Int: Int] = [:]
        var cancelled = 0
    }
    private let state = Mutex(State())

    /// A round of `node` that does `work` between counting in and out.
    func round(_ node: Int, _ work: @Sendable () async -> Void = {}) async {
        state.withLock { state in
            state.running += 1
            state.mostAtOnce = max(state.mostAtOnce, state.running)
            state.started[node, default: 0] += 1
        }
        await work()
        state.withLock { state in
            state.running -= 1
            state.ended[node, default: 0] += 1
            if Task.isCancelled { state.cancelled += 1 }
        }
    }

    var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
    var running: Int { state.withLock { $0.running } }
    var cancelled: Int { state.withLock { $0.cancelled } }
    func started(_ node: Int) -> Int { state.withLock { $0.started[node, default: 0] } }
    func ended(_ node: Int) -> Int { state.withLock { $0.ended[node, default: 0] } }
    var total: Int { state.withLock { $0.started.values.reduce(0, +) } }
}

/// Another node's lock session, as a real process: `psql` holding `pg_try_advisory_xact_lock(key)` in
/// an open transaction, exactly as a leading `PostgresJobLeadership` does, reading further commands
/// from a FIFO that the test keeps open, so the session stays idle in its transaction until the
/// process is killed (`SIGKILL`: its kernel closes the socket) or frozen (`SIGSTOP`: the socket stays
/// open and silent).
final class LockHoldingNode {
    let process: ChildProcess
    private let fifo: URL
    private let writer: Int32

    /// Starts `psql` on `server`'s database, takes the lock and returns once the server shows it held.
    /// - Parameter idleTimeout: the session's `idle_in_transaction_session_timeout`, nil for none.
    init(
        _ server: DatabaseLocation.PostgresServer, password: String?, key: Int64, idleTimeout: Duration?
    ) async throws {
        fifo = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-lock-\(UUID().uuidString)")
        guard mkfifo(fifo.path, 0o600) == 0 else { throw LockNodeFailure(description: "mkfifo \(fifo.path)") }
        // O_RDWR: the open does not wait for a reader, and psql never sees an end of file while it lives.
        writer = open(fifo.path, O_RDWR)
        guard writer >= 0 else { throw LockNodeFailure(description: "open \(fifo.path)") }
        process = try ChildProcess.start(
            TestExecutable.onPath("psql"),
            [
                "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U", server.user,
                "-d", server.database, "-f", fifo.path,
            ],
            environment: .adding([
                "PGPASSWORD": password ?? "", "PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10",
                "PGAPPNAME": "lunas test lock node",
            ]))
        var script = ""
        if let idleTimeout {
            script += "SET idle_in_transaction_session_timeout = \(idleTimeout.components.seconds * 1000);\n"
        }
        script += "BEGIN;\nSELECT pg_try_advisory_xact_lock(\(key));\n"
        _ = script.withCString { write(writer, $0, strlen($0)) }
        try await Condition.waitUntil("psql holds the lock", within: .seconds(120)) {
            try await Self.holder(of: key, in: server.database) == "lunas test lock node"
        }
    }

    /// The `application_name` of the session holding the advisory lock `key` in `database`, nil when it
    /// is free there (advisory locks are per database; the other tests' databases hold their own).
    static func holder(of key: Int64, in database: String) async throws -> String? {
        let answer = try await PostgresTestServer.psql(
            """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = ((\(key) >> 32) & 4294967295) AND l.objid::bigint = (\(key) & 4294967295)
            """, database: database)
        let name = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// Runs `sql` (one statement, no trailing semicolon) in the held transaction and returns once the
    /// server shows it as the session's last statement, the session idle in its transaction again.
    func run(_ sql: String, in database: String) async throws {
        let line = sql + ";\n"
        _ = line.withCString { write(writer, $0, strlen($0)) }
        let quoted = line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "'", with: "''")
        try await Condition.waitUntil("psql ran \(sql)", within: .seconds(120)) {
            let answer = try await PostgresTestServer.psql(
                """
                SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lunas test lock node'
                  AND state = 'idle in transaction' AND query = '\(quoted)'
                """, database: database)
            return answer.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
    }

    /// Ends the child (also a frozen one) and removes the FIFO.
    func kill() async {
        process.send(SIGKILL)
        _ = try? await process.finished(timeout: .seconds(60))
        close(writer)
        try? FileManager.default.removeItem(at: fifo)
    }
}

struct LockNodeFailure: Error, CustomStringConvertible {
    var description: String
}
