import Foundation
import LunasTestSupport

/// Real programs the tests drive: the built `lunas` binary and the `sqlite3` shell (as an attacker
/// would use it), run through ``ChildProcess``. A missing program fails the test; nothing is skipped.
enum ExternalTools {
    /// The `lunas` executable built next to the test bundle (`.build/<triple>/debug/lunas`).
    static func lunas() throws -> URL { try TestExecutable.lunas() }

    /// The `sqlite3` shell from PATH.
    static func sqlite3() throws -> URL { try TestExecutable.onPath("sqlite3") }

    /// Runs a program to completion and returns its exit status, standard output and standard error.
    static func run(
        _ program: URL, _ arguments: [String], input: String? = nil
    ) async throws -> (status: Int32, output: String, error: String) {
        let result = try await ChildProcess.run(program, arguments, stdin: Data((input ?? "").utf8))
        return (result.status, result.stdoutText, result.stderrText)
    }

    /// Runs SQL against a database file with the sqlite3 shell; the SQL goes in on standard input.
    /// The shell waits up to 5 s for a lock (a store still open in the test may be checkpointing).
    @discardableResult
    static func sql(
        _ database: String, _ statements: String
    ) async throws -> (status: Int32, output: String, error: String) {
        try await run(sqlite3(), ["-bail", "-cmd", ".timeout 5000", database], input: statements)
    }
}
