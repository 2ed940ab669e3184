import API
import Acquirer
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@Suite("notify.confirmWithQuery: a notify is recorded only when the acquirer's query confirms it")
struct NotifyConfirmationTests {
    static let edits = [(#""confirmWithQuery": false"#, #""confirmWithQuery": true"#)]

    @Test("a notify the acquirer's books confirm is recorded; the confirming query's X-EXTERNAL-ID is on disk")
    func confirmed() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(editing: Self.edits, in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            let issued = try await loop.issueTicket(key: "confirm-1")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let billNumber = try #require(invoice["billNumber"] as? String)
            #expect(try await loop.pay(try #require(invoice["qris"] as? String)).status == .ok)
            let waited = try await loop.lunas.execute(
                uri: "/api/v1/invoices/\(id)?wait=20", method: .get, headers: fixture.headers(.attendant, json: false))
            #expect((try jsonObject(waited)["invoice"] as? [String: Any])?["status"] as? String == "paid")
            let ids = try String(
                contentsOf: fixture.directory.appendingPathComponent("external-ids.jsonl"), encoding: .utf8)
            #expect(ids.contains("confirm:\(billNumber)"))
        }
    }

    @Test("a correctly signed notify for a payment the acquirer's books do not hold answers 500 and writes nothing")
    func unconfirmed() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(editing: Self.edits, in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            let issued = try await loop.issueTicket(key: "confirm-2")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            // Another simulator with the same keys pays it: the signature is genuine, but the
            // running acquirer never saw this payment.
            let profile = try AcquirerProfile.load(path: config + "/acquirers/simulator.json")
            let other = AcquirerSimulator(profile: profile, credentials: try profile.loadCredentials(), seed: 99)
            let payment = try await other.pay(qris: try #require(invoice["qris"] as? String), now: fixture.clock.now)
            let notify = try await other.notifyRequest(referenceNo: payment.referenceNo, now: fixture.clock.now)
            let before = try await fixture.eventCount()
            let answer = try await loop.postNotify(notify)
            #expect(answer.status == .internalServerError)
            #expect(String(buffer: answer.body).contains("5005201"))
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .issued)
        }
    }
}
