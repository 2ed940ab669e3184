import API
import Acquirer
import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import LedgerSQLite
import Logging

extension StoreOpening {
    /// `lunas ledger copy`: copies the events of a SQLite ledger into a migrated PostgreSQL one
    /// (``PostgresLedgerCopy``), resuming an interrupted copy, and says what it did.
    /// - Parameters:
    ///   - from: `sqlite:PATH`, where PATH is the ledger file or the data directory holding `lunas.sqlite`.
    ///   - to: `postgres://…`; the password from `DATABASE_PASSWORD_FILE` or `DATABASE_PASSWORD`.
    /// - Returns: the lines to print.
    static func copy(
        for command: String, from: String, to: String, environment: [String: String], logger: Logger
    ) async throws -> [String] {
        let (source, target) = try refusingBadURL(command) { () throws -> (Location, Location) in
            (try location(of: from, dataDirectory: "."), try location(of: to, dataDirectory: "."))
        }
        guard case .sqlite(var path) = source else {
            throw LedgerError(.databaseInvalidURL, "--from must be a sqlite: ledger, got \(source)", field: "--from")
        }
        guard case .postgres(let server) = target else {
            throw LedgerError(.databaseInvalidURL, "--to must be a postgres:// ledger, got \(target)", field: "--to")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path = URL(fileURLWithPath: path).appendingPathComponent(defaultSQLiteFileName).path
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.databaseMissing, "no ledger database at \(path) (--from)", field: "--from")
        }
        let store = try await SQLiteLedgerStore.open(path: path)
        let password = try DatabaseLocation.password(environment: environment)
        return try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) { database in
            let outcome = try await PostgresLedgerCopy.copy(from: store, to: database)
            // The heads compared, from the source itself: its last event is the target's head.
            let head = outcome.head
            let last = head.sequence == 0 ? nil : try await store.events(after: head.sequence - 1, limit: 1).first
            let after = try await store.events(after: head.sequence, limit: 1)
            guard after.isEmpty, (last?.hash ?? LedgerEvent.genesisHash) == head.hash else {
                throw LedgerError(
                    .copyEventMismatch,
                    "after the copy the chain heads differ: \(path) goes past #\(head.sequence) or has another hash there "
                        + "(was it written to during the copy?)")
            }
            let hash = head.hash.map { String(format: "%02x", $0) }.joined()
            let state = try await copyNodeState(
                dataDirectory: URL(fileURLWithPath: path).deletingLastPathComponent(), to: database)
            let rows = try await copyRows(from: path, to: server, password: password, logger: logger)
            let target = try await PostgresLedgerStore.open(server, password: password, logger: logger)
            let report = try await target.verify()
            await target.close()
            guard report.isIntact else {
                throw LedgerError(
                    .copyEventMismatch,
                    "the copy does not verify on \(server.url): \(report.problems.prefix(5).map(\.description).joined(separator: "; "))"
                )
            }
            try await PostgresLedgerCopy.finish(database)
            return [
                "copied \(outcome.copied) events (\(outcome.alreadyPresent) were already there) from \(path) to \(server.url)",
                "chain head on both sides: #\(outcome.head.sequence) \(hash)",
                "copied \(state.settlementsCopied) settlement files (\(state.settlementsPresent) were already there), "
                    + "\(state.receiptKeysCopied) receipt keys (\(state.receiptKeysPresent)), "
                    + "\(state.externalIDsCopied) X-EXTERNAL-IDs (\(state.externalIDsPresent))",
                rows.map { "copied \($0.reduce(0) { $0 + $1.rows }) rows of \($0.count) tables" }
                    ?? "rows: already copied by an earlier run",
                "verified on PostgreSQL: ledger intact, \(report.eventCount) events",
            ]
        }
    }

    /// Copies every row of the SQLite ledger at `path` but its events into the PostgreSQL ledger,
    /// in one transaction (``LedgerSQL/LedgerRowCopy``); nil when an earlier run copied them.
    static func copyRows(
        from path: String, to server: DatabaseLocation.PostgresServer, password: String?, logger: Logger
    ) async throws -> [(table: String, rows: Int)]? {
        let queue = PostgresSessionQueue(server, password: password, logger: logger, label: "copy")
        do {
            let copied = try await queue.run { target in
                try target.transaction { target -> [(table: String, rows: Int)]? in
                    let tables = try PostgresLedgerCopy.rowTables(target)
                    if try PostgresLedgerCopy.rowsPresent(target, tables) { return nil }
                    let counts = try SQLiteSession.transaction(databaseAt: path) { source in
                        try LedgerRowCopy.copy(tables, from: source, to: target)
                    }
                    try PostgresLedgerCopy.advanceIdentities(target)
                    return counts
                }
            }
            await queue.close()
            return copied
        } catch {
            await queue.close()
            throw (error as? SQLFailure)?.ledgerError ?? error
        }
    }

    /// Copies what the data directory holds besides the ledger (``PostgresNodeStateCopy``); what it
    /// does not hold is skipped, and nothing is created in it.
    static func copyNodeState(
        dataDirectory: URL, to database: PostgresLedgerDatabase
    ) async throws -> PostgresNodeStateCopy.Outcome {
        do {
            let externalIDs = try DataDirectoryState.externalIDsPath(dataDirectory: dataDirectory).map {
                try FileExternalIDStore(path: $0)
            }
            return try await PostgresNodeStateCopy.copy(
                settlements: try DataDirectoryState.settlementArchive(dataDirectory: dataDirectory),
                receiptKeys: DataDirectoryState.receiptKeys(dataDirectory: dataDirectory), externalIDs: externalIDs,
                to: database)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(
                .storageFailure,
                "cannot copy the state of \(dataDirectory.path) (settlements, receipt keys, X-EXTERNAL-IDs): \(error)",
                cause: error)
        }
    }
}
