import API
import ArgumentParser
import Foundation
import Ledger
import Reconciliation

/// Where `lunas reconcile` takes the invoices from.
enum InvoiceSource: Sendable {
    /// An invoice export CSV (`--invoices`).
    case export(path: String)
    /// The ledger of a data directory (`--data-dir`): where `database.url` puts it, `DIR/lunas.sqlite` by default.
    case ledger(dataDirectory: String)

    /// The import registry used when `--registry` is not given: with the ledger, a JSON-lines file in
    /// the data directory, so a file imported twice is detected whoever runs the command.
    var defaultRegistry: String? {
        guard case .ledger(let directory) = self else { return nil }
        return URL(fileURLWithPath: directory).appendingPathComponent(LedgerInvoices.registryFileName).path
    }
}

/// Loads the invoices a settlement file can refer to from the ledger of a data directory.
enum LedgerInvoices {
    /// The settlement import registry inside the data directory.
    static let registryFileName = "settlement-imports.jsonl"

    /// Opens the ledger as `lunas serve` finds it with `--data-dir DIR` (`database.url`, default
    /// `DIR/lunas.sqlite`; never creating it) and loads the file's window of invoices.
    ///
    /// A missing ledger exits 1 and a `database.url` this build cannot open exits 78, each named on
    /// standard error by ``StoreOpening``.
    /// - Throws: ``ReconciliationError`` `io.failed` when the ledger does not open or read.
    static func load(
        dataDirectory: String, for file: SettlementFile, utcOffsetSeconds: Int
    ) async throws
        -> InvoiceTable
    {
        let settings = try await ServerSettings.resolveForCommand(
            "lunas reconcile", commandLine: ["data.dir": dataDirectory],
            environment: ProcessInfo.processInfo.environment)
        do {
            let store = try await StoreOpening.open(for: "lunas reconcile", settings: settings, mode: .existing)
            let source = try await LedgerInvoiceSource.load(
                from: store, for: file, utcOffsetSeconds: utcOffsetSeconds)
            return source.table
        } catch let error as ReconciliationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let place =
                (try? StoreOpening.location(of: settings.databaseURL, dataDirectory: settings.dataDirectory))?
                .description ?? settings.databaseURL
            throw ReconciliationError(.io, "cannot read the ledger at \(place): \(error)", value: place)
        }
    }
}
