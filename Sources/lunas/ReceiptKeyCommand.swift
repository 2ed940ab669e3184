import API
import ArgumentParser
import Foundation
import Ledger

/// `lunas receipt-key rotate [--data-dir DIR] [--database URL] [--config FILE]`: retires the receipt
/// signing key and creates a new one; prints the new key's id and the retired one's, never a seed.
///
/// Receipts signed by the retired key still verify (its public half stays in the ring, labelled
/// `retired-TIME`). On PostgreSQL every running `lunas serve` node signs with the new key and
/// verifies with the new ring as soon as the rotation commits. On SQLite the one node reads its key
/// at start: the command refuses while a server holds the data directory (stop it, rotate, start it).
struct ReceiptKeyRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Retire the receipt signing key and sign with a new one (running PostgreSQL nodes follow at once).",
        discussion: """
            Exit status: 0 when rotated; 1 when nothing was rotated: no key exists yet (receipt.noKey), \
            a lunas serve holds the SQLite data directory (data.busy), the PostgreSQL schema is not this \
            build's, or the store failed; 78 when database.url is refused.
            """
    )

    @OptionGroup var location: LedgerLocationOptions

    func run() async throws {
        let command = "lunas receipt-key rotate"
        let settings = try await location.resolve(command)
        do {
            let rotation = try await StoreOpening.rotateReceiptKey(
                for: command, settings: settings, environment: ProcessInfo.processInfo.environment, at: Date())
            print("signing key: \(rotation.signing.keyID) (\(rotation.signing.label))")
            print("retired key: \(rotation.retired.keyID) (\(rotation.retired.label); its receipts still verify)")
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `lunas receipt-key`: the city's receipt signing key.
struct ReceiptKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt-key",
        abstract: "The city's receipt signing key.",
        subcommands: [ReceiptKeyRotateCommand.self]
    )
}
