import Foundation
import Ledger
import LedgerSQLite
import Reconciliation

/// Where `lunas reconcile` takes the invoices from.
enum InvoiceSource: Sendable {
    /// An invoice export CSV (`--invoices`).
    case export(path: String)
    /// The ledger in a data directory (`--data-dir`): `DIR/lunas.sqlite`.
    case ledger(dataDirectory: String)

    /// The import registry used when `--registry` is not given: with the ledger, a JSON-lines file in
    /// the data directory, so a file imported twice is detected whoever runs the command.
    var defaultRegistry: String? {
        guard case .ledger(let directory) = self else { return nil }
        return URL(fileURLWithPath: directory).appendingPathComponent(LedgerInvoices.registryFileName).path
    }
}

/// Loads the invoices a settlement file can refer to from the ledger database of a data directory.
enum LedgerInvoices {
    /// The database inside the data directory (as `lunas ledger verify --data-dir` uses it).
    static let databaseFileName = "lunas.sqlite"
    /// The settlement import registry inside the data directory.
    static let registryFileName = "settlement-imports.jsonl"

    /// Opens `DIR/lunas.sqlite` (never creating it) and loads the file's window of invoices.
    /// - Throws: ``ReconciliationError`` `io.failed` naming the path when the database is missing or
    ///   does not open or read.
    static func load(
        dataDirectory: String, for file: SettlementFile, utcOffsetSeconds: Int
    ) async throws
        -> InvoiceTable
    {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(databaseFileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReconciliationError(
                .io, "no ledger database at \(path): give the data directory that holds lunas.sqlite", value: path)
        }
        do {
            let store = try await SQLiteLedgerStore.open(path: path)
            let source = try await LedgerInvoiceSource.load(
                from: store, for: file, utcOffsetSeconds: utcOffsetSeconds)
            return try InvoiceTable(source: source)
        } catch let error as ReconciliationError {
            throw error
        } catch {
            throw ReconciliationError(.io, "cannot read the ledger at \(path): \(error)", value: path)
        }
    }
}
