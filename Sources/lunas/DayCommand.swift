import ArgumentParser
import Foundation
import Ledger

/// `lunas day …`: closed city days.
struct DayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Check a closed day's signed statement.",
        subcommands: [DayVerifyCommand.self]
    )
}

/// `lunas day verify FILE --keys KEYS`: checks a downloaded statement offline.
struct DayVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a downloaded daily statement (/public/days/DATE) against the city's public keys.",
        discussion: """
            FILE is the statement as /public/days/DATE serves it (JSON); KEYS is the city's key ring as \
            /public/receipt-keys serves it. Checks the Ed25519 signature over the statement's canonical \
            bytes without its signature, with the key the statement names. Works offline: nothing is \
            fetched. Exits 0 when the signature verifies, 1 when the statement is altered, unreadable or \
            signed by a key not in the ring, 2 for bad options or an unreadable key file.
            """
    )

    @Argument(help: "The statement file (JSON).")
    var file: String

    @Option(name: .customLong("keys"), help: "The city's public key ring (the JSON of /public/receipt-keys).")
    var keys: String

    func run() async throws {
        let ring: ReceiptKeyRing
        do {
            ring = try JSONDecoder().decode(ReceiptKeyRing.self, from: try Data(contentsOf: URL(fileURLWithPath: keys)))
        } catch {
            FileHandle.standardError.write(Data("lunas day verify: cannot read the key ring \(keys): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let statement: DailyStatement
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            statement = try DailyStatement(canonical: try CanonicalJSON.parse(String(decoding: data, as: UTF8.self)))
        } catch let error as LedgerError {
            print("NOT VALID: \(file) is not a daily statement: \(error.message)")
            throw ExitCode(1)
        } catch {
            print("NOT VALID: cannot read \(file): \(error)")
            throw ExitCode(1)
        }
        if let problem = statement.signatureProblem(ring: ring) {
            print("NOT VALID: \(problem)")
            throw ExitCode(1)
        }
        print(
            "valid: the statement of \(statement.cityID) for \(statement.date) is signed by key \(statement.keyID) "
                + "(chain head #\(statement.chainHead.sequence) \(statement.chainHead.hash.map { String(format: "%02x", $0) }.joined()))")
    }
}
