import API
import ArgumentParser
import Foundation
import Issuing
import Ledger
import Logging

/// `lunas settlement …`: settlement files on the host.
struct SettlementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settlement",
        abstract: "Apply imported settlement files to the ledger.",
        subcommands: [SettlementApplyCommand.self]
    )
}

/// `lunas settlement apply ID [--chunk-rows N] [--json] [--data-dir DIR] [--database-url URL] [--config FILE]`.
struct SettlementApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply an imported settlement file (stl-…) to the ledger, as the server operator.",
        discussion: """
            Reads the bank's original file from the settlement archive, reconciles it against the \
            ledger and applies it in chunks (one transaction each): matched, late and fee-mismatch rows \
            settle their invoices, extra payments are recorded, every other case opens an exception. \
            Progress goes to standard error after each chunk. Applying again changes nothing (and says \
            so); an apply cut off resumes at the next row. Exits 0 when the file is applied, 1 when the \
            settlement is unknown, superseded by a corrected re-send or cannot be applied, 2 for bad \
            options, 78 for a configuration this build refuses.
            """
    )

    @Argument(help: "The settlement id (stl- and 32 hex digits), as the upload answered.")
    var id: String

    @Option(name: .customLong("chunk-rows"), help: "Rows per transaction, 1–1000000.")
    var chunkRows: Int = SettlementApplier.defaultChunkSize

    @Flag(name: .customLong("json"), help: "Print the application state as one JSON object.")
    var json = false

    @OptionGroup var data: LedgerLocationOptions

    func validate() throws {
        guard chunkRows >= 1, chunkRows <= 1_000_000 else {
            throw ValidationError("--chunk-rows must be from 1 to 1000000, got \(chunkRows)")
        }
    }

    func run() async throws {
        let command = "lunas settlement apply"
        let (store, settings) = try await data.openStore(command, mode: .existing)
        let outcome = try await CommandRefusal.reporting(command) { () async throws -> SettlementApplier.Outcome in
            // Only the city and the settlement archive: applying never talks to the acquirer, so a
            // demo-only acquirer profile does not stop it.
            let importer: SettlementImporter
            do {
                let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory))
                importer = try SettlementImporter(
                    configDirectory: URL(fileURLWithPath: settings.configDirectory),
                    dataDirectory: URL(fileURLWithPath: settings.dataDirectory), merchant: configuration.city.merchant,
                    maximumBytes: settings.maximumSettlementBytes,
                    diskReserveBytes: Int64(settings.settlementDiskReserveBytes))
            } catch {
                FileHandle.standardError.write(Data("\(command): configuration refused: \(error)\n".utf8))
                throw ExitCode(78)
            }
            return try await importer.apply(
                id: id, actor: .serverOperator, store: store, now: Date(), chunkSize: chunkRows,
                logger: .init(label: "lunas.settlement"),
                withdrawalProgress: { step in
                    guard let chunk = step.chunk else { return }
                    FileHandle.standardError.write(
                        Data(
                            ("withdrew \(chunk.unsettled) settlements and \(chunk.exceptionsResolved) exceptions of "
                                + "\(chunk.settlementID) for \(chunk.supersededBy)\(chunk.complete ? ": withdrawn" : "")\n").utf8))
                }
            ) { progress in
                FileHandle.standardError.write(
                    Data("applied \(progress.appliedRows)/\(progress.rowCount) rows of \(progress.settlementID)\n".utf8))
            }
        }
        let state = outcome.application
        for withdrawn in outcome.withdrawn where !json {
            print(
                "\(withdrawn.settlementID), which \(state.settlementID) corrects, was withdrawn first: its settlements "
                    + "and the exceptions about its rows taken back by events")
        }
        if json {
            let object: [String: Any] = [
                "id": state.settlementID, "appliedRows": state.appliedRows, "rowCount": state.rowCount,
                "settled": state.settled, "paymentsRecorded": state.paymentsRecorded,
                "exceptionsOpened": state.exceptionsOpened, "reversalsRecorded": state.reversalsRecorded,
                "complete": state.isComplete,
                "alreadyApplied": outcome.alreadyApplied, "withdrew": outcome.withdrawn.map(\.settlementID),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else if outcome.alreadyApplied {
            print("\(state.settlementID) was already applied: nothing changed")
        } else {
            print(
                "\(state.settlementID) applied: \(state.rowCount) rows, \(state.settled) invoices settled, "
                    + "\(state.paymentsRecorded) payments recorded, \(state.reversalsRecorded) reversals recorded, "
                    + "\(state.exceptionsOpened) exceptions opened")
        }
    }
}
