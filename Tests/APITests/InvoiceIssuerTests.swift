import API
import Foundation
import Issuing
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@Suite("InvoiceIssuer on a real SQLite ledger")
struct InvoiceIssuerTests {
    @Test("eight concurrent requests with one key create one invoice and all get it")
    func concurrentRepeats() async throws {
        let fixture = try await APIFixture.make()
        let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory))
        let services = try APIServices(
            configuration: configuration, store: fixture.store,
            receiptKeys: try ReceiptKeyReloader(fixed: .generate(), configured: configuration.receiptKeys),
            now: { APIFixture.start })
        let kiosk = try #require(try await fixture.store.device(id: fixture.deviceIDs[.kiosk]!))
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await services.issuer.issueFee(
                        code: "PASAR-LOS-HARIAN", payerReference: "LOS-5", amount: nil, device: kiosk,
                        idempotencyKey: "t-kiosk:same"
                    ).id.rawValue
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(ids.count == 8)
        #expect(Set(ids).count == 1)
        let device = try #require(try await fixture.store.device(id: kiosk.id))
        #expect(device.lastSequence == 1)
        let issued = try await fixture.store.invoices(
            issuedFrom: APIFixture.start.addingTimeInterval(-1), to: APIFixture.start.addingTimeInterval(1))
        #expect(issued.count == 1)
        #expect(try await fixture.store.verify().isIntact)
    }
}
