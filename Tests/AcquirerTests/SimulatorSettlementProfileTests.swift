import Acquirer
import AcquirerSimulator
import Foundation
import Ledger
import Reconciliation
import Testing

/// The simulator's settlement CSV must read, row for row, with the profile the repository ships for it
/// (`Config/settlement-profiles/lunas-simulator.json`), so `lunas reconcile` can check a simulated day.
@Suite("Simulator settlement file and its reconciliation profile")
struct SimulatorSettlementProfileTests {
    static let profileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/settlement-profiles/lunas-simulator.json")

    @Test("the shipped profile reads every row of the simulated day with its amounts, MDR, status and time")
    func profileReadsTheSimulatorCSV() async throws {
        let simulator = try await SettlementTests().simulatedDay()
        let file = await simulator.settlement(
            for: try #require(CivilDate(iso8601: "2026-11-23")), mdr: try Fixtures.mdr())
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lunas-sim-settlement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("settlement.csv").path
        try Data(file.csv.utf8).write(to: URL(fileURLWithPath: path))

        let profile = try SettlementProfile.load(contentsOf: Self.profileURL)
        let read = try SettlementReader(profile: profile).read(path: path)

        #expect(read.rows.count == file.rows.count)
        for (index, expected) in file.rows.enumerated() {
            let row = read.rows[index]
            #expect(row.billNumber == expected.billNumber)
            #expect(row.rrn == expected.rrn)
            // `reference_no`: a refund's own number tells it apart when the file is applied.
            #expect(row.acquirerReference == expected.acquirerReference && row.acquirerReference?.isEmpty == false)
            // One row model: what the simulator wrote is what the reader reads.
            #expect(row.grossAmount == expected.grossAmount)
            #expect(row.feeAmount == expected.feeAmount)
            #expect(row.netAmount == expected.netAmount)
            #expect(row.status == expected.status)
            #expect(row.transactionTime == expected.transactionTime)
            #expect(row.line == expected.line)
            #expect(row.settlementDate.description == "2026-11-23")
        }
    }
}
