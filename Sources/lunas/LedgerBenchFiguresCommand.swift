import ArgumentParser
import Foundation
import Ledger

/// `lunas ledger bench-figures --date DATE`: times the console's two day queries
/// (``LedgerStore/dayFigures(from:to:in:)`` and ``LedgerStore/deviceActivity(from:to:)``) on an
/// existing ledger. Hidden: it is run by `Benchmarks/figures/run.sh`.
struct LedgerBenchFiguresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-figures", abstract: "Time the console's day figures and device activity queries.",
        shouldDisplay: false)

    @OptionGroup var data: LedgerLocationOptions
    @OptionGroup var bench: BenchDayOptions

    func run() async throws {
        let (day, zone, from, to) = try bench.day()
        let runs = bench.runs
        let store = try await data.openStore("lunas ledger bench-figures", mode: .existing).store
        let clock = ContinuousClock()
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        }
        var figures = try await store.dayFigures(from: from, to: to, in: zone)
        var activity = try await store.deviceActivity(from: from, to: to)
        // Wall clock and the process's CPU time (user + system, all threads: the read runs on a pool
        // thread), so that a loaded machine's waiting shows apart from the work.
        var figuresTimes: [(wall: Double, cpu: Double)] = []
        var activityTimes: [(wall: Double, cpu: Double)] = []
        for _ in 0..<runs {
            var cpu = LedgerBenchIssueCommand.processCPUSeconds()
            let figuresWall = milliseconds(
                try await clock.measure { figures = try await store.dayFigures(from: from, to: to, in: zone) })
            figuresTimes.append((figuresWall, (LedgerBenchIssueCommand.processCPUSeconds() - cpu) * 1e3))
            cpu = LedgerBenchIssueCommand.processCPUSeconds()
            let activityWall = milliseconds(
                try await clock.measure { activity = try await store.deviceActivity(from: from, to: to) })
            activityTimes.append((activityWall, (LedgerBenchIssueCommand.processCPUSeconds() - cpu) * 1e3))
        }
        func summary(_ times: [(wall: Double, cpu: Double)]) -> String {
            let wall = times.map(\.wall).sorted()
            let cpu = times.map(\.cpu).sorted()
            return String(
                format: "median_ms=%.1f min_ms=%.1f max_ms=%.1f cpu_median_ms=%.1f cpu_min_ms=%.1f",
                wall[wall.count / 2], wall[0], wall[wall.count - 1], cpu[cpu.count / 2], cpu[0])
        }
        let gaps = activity.reduce(Int64(0)) { $0 + $1.missingSequenceNumbers }
        print(
            "date=\(day) invoices=\(figures.total.issued.count) rows=\(figures.rows.count) "
                + "zones=\(figures.byZone.count) open_exceptions=\(figures.total.openExceptions.count) "
                + "devices=\(activity.count) missing_numbers=\(gaps) runs=\(runs)")
        print("dayFigures " + summary(figuresTimes))
        print("deviceActivity " + summary(activityTimes))
    }
}
