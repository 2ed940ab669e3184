import API
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// A citizen pays an offline bill before the handheld syncs: the simulator's notify for the offline
/// bill number is held as `pending_offline`, and the sync records the payment on the new invoice.
@Suite("Offline bills paid before they sync")
struct OfflinePaymentTests {
    @Test("the notify is held as pending_offline and matched when the record syncs")
    func paidBeforeSync() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            let key = try await loop.lunas.execute(
                uri: "/api/v1/devices/me/key", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"publicKey":"\#(OfflineSyncTests.key.publicKey.base64)"}"#))
            #expect(key.status == .created)
            let download = try await loop.lunas.execute(
                uri: "/api/v1/devices/me/bundle", method: .get, headers: fixture.headers(.attendant))
            let bundle = try OfflineBundle(
                canonical: try CanonicalJSON.parse(String(decoding: download.body.readableBytesView, as: UTF8.self)))
            let at = fixture.clock.now.addingTimeInterval(30)
            let record = try OfflineSyncTests.issue(bundle, sequence: bundle.lastSequence + 1, key: "paid-1", at: at)
            fixture.clock.advance(by: 120)
            let paid = try await loop.pay(try #require(record.qrisPayload))
            #expect(paid.status == .ok, "\(String(buffer: paid.body))")
            await loop.simulator.notifier.settle()
            let held = try await fixture.store.exceptionCases(ExceptionQuery(category: .pendingOffline))
            #expect(held.count == 1)
            #expect(held.first?.billNumber == record.billNumber)

            let body =
                #"{"deviceClock":"\#(OfflineTime.format(fixture.clock.now))","records":[\#(record.canonical.text)]}"#
            let synced = try await loop.lunas.execute(
                uri: "/api/v1/devices/me/offline-tickets", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: body))
            let result = try #require((try jsonObject(synced)["results"] as? [[String: Any]])?.first)
            #expect(result["status"] as? String == "recorded")
            #expect((result["exception"] as? [String: Any])?["category"] as? String == "pending_offline")
            let invoiceID = try #require(result["invoiceId"] as? String)
            let invoice = try #require(try await fixture.store.invoice(id: Invoice.ID(invoiceID)))
            #expect(invoice.status == .paid)
            let heldID = try #require(held.first).id
            let matched = try #require(try await fixture.store.exceptionCase(id: heldID))
            #expect(matched.resolution?.code == .matchedManually)
            #expect(matched.resolution?.invoiceID?.rawValue == invoiceID)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}
