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

@Suite("snap issuing mode: the acquirer generates each invoice's QR")
struct SnapIssuingTests {
    static func faults(failing: Int, how: String) -> String {
        #"{"failingGenerates":\#(failing),"generateFailure":"\#(how)","notify":"#
            + #"{"duplicatePercent":0,"dropPercent":0,"outOfOrder":false,"minimumDelayMilliseconds":0,"#
            + #""maximumDelayMilliseconds":0}}"#
    }

    @Test("the invoice carries the simulator's QR, which pays and turns the invoice paid")
    func happyPath() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            let issued = try await loop.issueTicket(key: "snap-1")
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let billNumber = try #require(invoice["billNumber"] as? String)
            let qris = try #require(invoice["qris"] as? String)
            let generated = try #require(await loop.simulator.simulator.transaction(partnerReference: billNumber))
            #expect(generated.qrContent == qris)
            #expect(generated.kind == .generated)
            // The X-EXTERNAL-IDs were persisted under the data directory.
            let ids = try String(
                contentsOf: fixture.directory.appendingPathComponent("external-ids.jsonl"), encoding: .utf8)
            #expect(ids.contains("generate:\(billNumber)"))

            #expect(try await loop.pay(qris).status == .ok)
            let waited = try await loop.lunas.execute(
                uri: "/api/v1/invoices/\(id)?wait=20", method: .get, headers: fixture.headers(.attendant, json: false))
            #expect((try jsonObject(waited)["invoice"] as? [String: Any])?["status"] as? String == "paid")
        }
    }

    @Test("with the acquirer down, issuing answers 503 acquirer.unavailable and writes nothing")
    func acquirerDown() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        // Port 1 on loopback: nothing listens, the connection is refused.
        try await AcquirerLoop.run(fixture, configDirectory: config, acquirerURL: { _ in "http://127.0.0.1:1" }) {
            loop in
            let before = try await fixture.eventCount()
            let issued = try await loop.issueTicket(key: "down-1")
            #expect(issued.status == .serviceUnavailable)
            let error = try errorObject(issued)
            #expect(error["code"] as? String == "acquirer.unavailable")
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(error.keys.contains("field"))
            #expect(try await fixture.eventCount() == before)
            let today = try await fixture.store.invoices(
                issuedFrom: APIFixture.start.addingTimeInterval(-86_400),
                to: APIFixture.start.addingTimeInterval(86_400))
            #expect(today.isEmpty)
        }
    }

    @Test("a 5xx on generate before anything was created: Lunas queries, finds nothing, generates again")
    func generateFailsBeforeCreating() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            try await loop.setFaults(Self.faults(failing: 1, how: "before-creating"))
            let issued = try await loop.issueTicket(key: "fault-1")
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let billNumber = try #require(invoice["billNumber"] as? String)
            let transactions = await loop.simulator.simulator.allTransactions()
            #expect(transactions.count == 1)
            #expect(transactions.first?.partnerReferenceNo == billNumber)
            #expect(transactions.first?.qrContent == invoice["qris"] as? String)
            // The query was sent: a second X-EXTERNAL-ID under query:, a third for the new generate.
            let ids = try String(
                contentsOf: fixture.directory.appendingPathComponent("external-ids.jsonl"), encoding: .utf8)
            #expect(ids.contains("query:\(billNumber)"))
            #expect(ids.contains("generate:\(billNumber):2"))
        }
    }

    @Test("a 5xx on generate after the QR was made: Lunas queries, cancels it, and issues under a new bill number")
    func generateFailsAfterCreating() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            try await loop.setFaults(Self.faults(failing: 1, how: "after-creating"))
            let issued = try await loop.issueTicket(key: "fault-2")
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let billNumber = try #require(invoice["billNumber"] as? String)
            let transactions = await loop.simulator.simulator.allTransactions()
            #expect(transactions.count == 2)
            let lost = try #require(transactions.first)
            #expect(lost.partnerReferenceNo != billNumber)
            #expect(lost.cancelledAt != nil)
            #expect(transactions.last?.partnerReferenceNo == billNumber)
            #expect(try await fixture.store.invoice(billNumber: BillNumber(lost.partnerReferenceNo)) == nil)
        }
    }
}
