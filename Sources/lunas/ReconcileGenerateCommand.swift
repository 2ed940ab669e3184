import ArgumentParser
import Foundation
import Reconciliation

/// Hidden: writes synthetic invoices, a settlement file and the known answer for every row
/// (`Benchmarks/reconciliation/run.sh` and the known-answer tests use it).
struct ReconcileGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-fixtures",
        abstract: "Write invoices.csv, settlement.csv, truth.csv and profile.json with a known answer.",
        shouldDisplay: false)

    @Argument(help: "Output directory.")
    var directory: String

    @Option(help: "Number of invoices.")
    var count: Int = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 20_240_601

    func run() async throws {
        let url = URL(fileURLWithPath: directory)
        let counts = try SettlementFixtureGenerator(count: count, seed: seed).write(to: url)
        try Data(SettlementFixtureGenerator.profileJSON.utf8).write(to: url.appendingPathComponent("profile.json"))
        for category in SettlementCategory.allCases {
            print("\(category.rawValue) \(counts[category] ?? 0)")
        }
    }
}
