import API
import Foundation
import Ledger
import Testing

@Suite("A bad mdr.json stops the server at start, not at the first upload")
struct SettlementImporterStartTests {
    @Test("SettlementImporter refuses a schedule with an unknown key, naming its path")
    func badScheduleAtStart() throws {
        let config = URL(fileURLWithPath: try SettlementDay.configDirectory())
        let schedule = config.appendingPathComponent("mdr.json")
        let text = try String(contentsOf: schedule, encoding: .utf8)
            .replacingOccurrences(of: #""maxAmount": 500000"#, with: #""maxAmont": 500000"#)
        try text.write(to: schedule, atomically: true, encoding: .utf8)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-mdr-start-\(UUID())")
        let merchant = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city.merchant
        let error = #expect(throws: LedgerError.self) {
            _ = try SettlementImporter(configDirectory: config, dataDirectory: data, merchant: merchant)
        }
        #expect(error?.code == .mdrInvalid)
        #expect(error?.field?.hasSuffix("maxAmont") == true, "\(String(describing: error))")
    }
}
