import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite

/// `lunas ledger`: inspect and verify the ledger database.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect and verify the ledger.",
        subcommands: [
            LedgerVerifyCommand.self, LedgerPaymentsCommand.self, LedgerStressIssueCommand.self,
            LedgerBenchIssueCommand.self,
        ]
    )
}

/// Options every ledger subcommand shares.
struct LedgerDataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory holding lunas.sqlite.")
    var dataDirectory: String = "./data"

    /// The database file inside the data directory.
    var databasePath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent("lunas.sqlite").path }
}

/// `lunas ledger verify [--data-dir DIR]`: recomputes the event chain and checks every row.
struct LedgerVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the event chain and check every invoice, ticket, payment and device row against it.",
        discussion: "Exits 0 when the ledger is intact, 1 when an event or row is off (each is named)."
    )

    @OptionGroup var data: LedgerDataOptions

    func run() async throws {
        let path = data.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("lunas ledger verify: no ledger database at \(path)\n".utf8))
            throw ExitCode(1)
        }
        let store = try await SQLiteLedgerStore.open(path: path)
        let report = try await store.verify()
        let head = "#\(report.head.sequence) \(report.head.hash.map { String(format: "%02x", $0) }.joined())"
        if report.isIntact {
            print("ledger intact: \(report.eventCount) events, chain head \(head)")
            return
        }
        print("ledger NOT intact: \(report.problems.count) problem(s) in \(report.eventCount) events")
        if let first = report.problems.first { print("first problem: \(first.message)") }
        for problem in report.problems.prefix(100) { print("  - \(problem.message)") }
        if report.problems.count > 100 { print("  … and \(report.problems.count - 100) more") }
        throw ExitCode(1)
    }
}
