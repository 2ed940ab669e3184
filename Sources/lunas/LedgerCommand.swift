import API
import ArgumentParser
import Foundation
import Ledger

/// `lunas ledger`: inspect and verify the ledger database.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect and verify the ledger.",
        subcommands: [
            LedgerVerifyCommand.self, LedgerPaymentsCommand.self, LedgerStressIssueCommand.self,
            LedgerBenchIssueCommand.self, LedgerBenchFiguresCommand.self, LedgerBenchDayCommand.self,
            LedgerCopyCommand.self,
        ]
    )
}

/// `lunas ledger verify [--data-dir DIR] [--database-url URL]`: recomputes the event chain and checks every row.
struct LedgerVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the event chain and check every invoice, ticket, payment and device row against it.",
        discussion: """
            Also checks that the archived original of every imported settlement file still has the \
            SHA-256 and size its settlement.imported event recorded. Exits 0 when the ledger is intact, \
            1 when an event, row or archived file is off (each is named) or there is no ledger, 78 when \
            database.url names a scheme this build cannot open.
            """
    )

    @OptionGroup var data: LedgerLocationOptions

    func run() async throws {
        let (store, settings) = try await data.openStore("lunas ledger verify", mode: .existing)
        var report = try await store.verify()
        let problems = try await StoreOpening.settlementArchiveProblems(report.settlementFiles, settings: settings)
        report.problems += problems.map { LedgerProblem(.row(table: "settlement archive", id: $0.id), $0.problem) }
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
