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

    @Option(help: "The city configuration whose mdr.json and merchant set the acquirer's MDR.")
    var config: String = "Config"

    @OptionGroup var rate: MerchantRateOptions

    func run() async throws {
        let url = URL(fileURLWithPath: directory)
        let mdr: MerchantRateChoice
        do {
            mdr = try rate.choice(configDirectory: config)
        } catch let error as UsageError {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
        FileHandle.standardError.write(Data((mdr.summary + "\n").utf8))
        let counts = try SettlementFixtureGenerator(
            count: count, seed: seed, schedule: mdr.schedule, merchantCategory: mdr.merchantCategory, mcc: mdr.mcc
        ).write(to: url)
        try Data(SettlementFixtureGenerator.profileJSON.utf8).write(to: url.appendingPathComponent("profile.json"))
        for category in SettlementCategory.allCases {
            print("\(category.rawValue) \(counts[category] ?? 0)")
        }
    }
}
