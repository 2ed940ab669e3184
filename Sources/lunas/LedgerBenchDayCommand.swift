import ArgumentParser
import Foundation
import Ledger

/// `lunas ledger bench-day --date DATE`: times, in one process on an existing ledger, what a city
/// day's figures cost the store: the daily report's reads (``LedgerStore/dailyTotals(from:to:)``,
/// ``LedgerStore/dayBreakdown(from:to:)``), the close's checks (``LedgerStore/dayBlockers(from:to:)``)
/// and the statement's figures; with `--close`, it then makes the day closable on this copy of the
/// ledger (expires what is due, resolves the day's open exceptions as `explained` by the server
/// operator), closes it (``LedgerStore/closeDay(_:sign:)``, with a placeholder signature) and builds
/// its journal. Hidden: it is run by `Benchmarks/day/run.sh`. It changes the ledger only with
/// `--close`.
struct LedgerBenchDayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-day", abstract: "Time a city day's report, checks, statement and journal.",
        shouldDisplay: false)

    @OptionGroup var data: LedgerLocationOptions
    @OptionGroup var bench: BenchDayOptions
    @Flag(help: "Make the day closable on this ledger, close it and build its journal.") var close = false
    @Option(help: "The chart of accounts for the journal.") var accounts: String = "Config/accounts.json"

    func run() async throws {
        let (day, _, from, to) = try bench.day()
        let runs = bench.runs
        let store = try await data.openStore("lunas ledger bench-day", mode: .existing).store
        func time(_ name: String, _ work: () async throws -> String) async throws {
            var wall: [Double] = []
            var cpu: [Double] = []
            var result = try await work()
            for _ in 0..<runs {
                let started = ContinuousClock.now
                let cpuStarted = LedgerBenchIssueCommand.processCPUSeconds()
                result = try await work()
                let elapsed = ContinuousClock.now - started
                wall.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
                cpu.append((LedgerBenchIssueCommand.processCPUSeconds() - cpuStarted) * 1e3)
            }
            wall.sort()
            cpu.sort()
            print(
                String(
                    format: "%@ median_ms=%.1f min_ms=%.1f max_ms=%.1f cpu_median_ms=%.1f %@", name,
                    wall[wall.count / 2], wall[0], wall[wall.count - 1], cpu[cpu.count / 2], result))
        }
        try await time("dailyReport") {
            let totals = try await store.dailyTotals(from: from, to: to)
            let groups = try await store.dayBreakdown(from: from, to: to)
            let refunds = try await store.refunds(issuedFrom: from, to: to)
            return "invoices=\(totals.issued.count) groups=\(groups.count) refunds=\(refunds.count)"
        }
        try await time("dayBlockers") {
            let blockers = try await store.dayBlockers(from: from, to: to)
            return "blockers=" + blockers.map { "\($0.kind.rawValue):\($0.count)" }.joined(separator: ",")
        }
        try await time("statementFigures") {
            let figures = try DailyStatement.figures(
                rows: try await store.dayBreakdown(from: from, to: to), exceptions: [:])
            return "bytes=\(figures.text.utf8.count)"
        }
        guard close else { return }
        let expired = try await store.expireDueInvoices(now: to.addingTimeInterval(86_400 * 7))
        var resolved = 0
        while true {
            let open = try await store.exceptionCases(ExceptionQuery(state: .open, limit: 500))
            if open.isEmpty { break }
            for exception in open {
                _ = try await store.resolveException(
                    exception.id,
                    ExceptionCase.Resolution(
                        code: .explained, note: "benchmark", actor: .serverOperator, at: to.addingTimeInterval(3_600)))
                resolved += 1
            }
        }
        let request = DayCloseRequest(
            date: day, from: from, to: to, cityID: "bench", timeZone: bench.timeZone, actor: .serverOperator,
            at: to.addingTimeInterval(7_200), keyID: "bench")
        let started = ContinuousClock.now
        let cpuStarted = LedgerBenchIssueCommand.processCPUSeconds()
        let outcome = try await store.closeDay(request) { _ in "unsigned-benchmark" }
        let closeTime = ContinuousClock.now - started
        let closeCPU = (LedgerBenchIssueCommand.processCPUSeconds() - cpuStarted) * 1e3
        guard case .closed(let statement) = outcome else {
            throw ValidationError("the day did not close: \(outcome)")
        }
        print(
            String(
                format: "close wall_ms=%.1f cpu_ms=%.1f expired=%d resolved=%d statement_bytes=%d",
                Double(closeTime.components.seconds) * 1e3 + Double(closeTime.components.attoseconds) / 1e15, closeCPU,
                expired.count, resolved, statement.canonical.text.utf8.count))
        let chart = try ChartOfAccounts(json: try Data(contentsOf: URL(fileURLWithPath: accounts)), context: accounts)
        try await time("journal") {
            guard let closed = try await store.closedDay(day) else { throw ValidationError("no statement for \(day)") }
            let journal = try DayJournal(statement: closed, accounts: chart)
            return "lines=\(journal.lines.count) debit=\(journal.totalDebit.value) credit=\(journal.totalCredit.value)"
        }
    }
}
