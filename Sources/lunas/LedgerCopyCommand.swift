import ArgumentParser
import Foundation
import Ledger
import Logging

/// `lunas ledger copy --from sqlite:PATH --to postgres://…`: copies a SQLite ledger's events, in
/// order and unchanged, into a migrated PostgreSQL ledger (issue #18).
///
/// A target holding rows, or events that are not the source's, is refused; a copy that was
/// interrupted resumes after the last page it committed; at the end the chain heads are compared.
/// Then the data directory's settlement archive, receipt keys and X-EXTERNAL-IDs are copied into the
/// `node_` tables, idempotently. The rows are not rebuilt yet, so the target cannot serve yet.
struct LedgerCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite ledger's events into a PostgreSQL ledger (resumable; rows not rebuilt yet).",
        discussion: """
            --from is sqlite:PATH, the ledger file or the data directory holding lunas.sqlite; --to is \
            postgres://USER@HOST:PORT/DATABASE?sslmode=…, migrated with `lunas db migrate` first, its \
            password in the file named by DATABASE_PASSWORD_FILE (or in DATABASE_PASSWORD). The settlement \
            archive, receipt keys and X-EXTERNAL-IDs of the SQLite file's folder are copied too (again: \
            nothing added). Exit status: \
            0 when both chains end at the same head, 1 when the copy failed or was refused (the target is \
            not empty or not migrated, a source event does not recompute, it signs with another receipt key), 78 for a refused URL.
            """
    )

    @Option(help: "The SQLite ledger to copy: sqlite:PATH (a file, or a data directory holding lunas.sqlite).")
    var from: String

    @Option(help: "The PostgreSQL ledger to copy into: postgres://USER@HOST:PORT/DATABASE?sslmode=….")
    var to: String

    func run() async throws {
        let command = "lunas ledger copy"
        let logger = StoreOpening.quietLogger
        do {
            let lines = try await StoreOpening.copy(
                for: command, from: from, to: to, environment: ProcessInfo.processInfo.environment, logger: logger)
            for line in lines { print(line) }
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
