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

/// The refund form of a `duplicate_payment` exception over real HTTP with the real acquirer
/// simulator: a ticket paid twice, the extra payment refunded from the console by a finance
/// officer, once even when the form is sent twice.
@Suite("Console: refunding an extra payment from its exception (real HTTP, real simulator)")
struct ConsoleRefundPageTests {
    @Test(
        "the refund form refunds the extra payment once (a double submit too), names the staff member and resolves the exception"
    )
    func refundOnce() async throws {
        let fixture = try await APIFixture.console()
        let finance = try await fixture.addStaff(
            "keu@ambon.example", role: .finance, password: ConsoleSessionTests.password
        ).member
        _ = try await fixture.addStaff("aud@ambon.example", role: .auditor, password: ConsoleSessionTests.password)
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let issued = try await loop.issueTicket(key: "console-refund")
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let qris = try #require(invoice["qris"] as? String)
            for _ in 0..<2 {
                fixture.clock.advance(by: 10)
                #expect(try await loop.pay(qris).status == .ok)
                await loop.simulator.notifier.settle()
            }
            let store = fixture.store
            let duplicate = try #require(
                try await store.exceptionCases(ExceptionQuery(state: .open, category: .duplicatePayment)).first)
            let extra = try #require(duplicate.paymentID)

            var aud = try await ConsoleExceptionPagesTests.signIn(loop.lunas, "aud@ambon.example")
            let audPage = String(buffer: try await aud.get("/console/exceptions/\(duplicate.id)").body)
            #expect(!audPage.contains("id=\"refund\""))
            let before = try await fixture.eventCount()
            let refused = try await aud.post(
                "/console/exceptions/\(duplicate.id)/refund",
                [
                    ("csrf", try await aud.csrf()), ("once", String(repeating: "a", count: 32)), ("amount", "2000"),
                    ("reason", "x"),
                ])
            #expect(refused.status == .forbidden)
            #expect(try await fixture.eventCount() == before)

            var keu = try await ConsoleExceptionPagesTests.signIn(loop.lunas, "keu@ambon.example")
            let page = String(buffer: try await keu.get("/console/exceptions/\(duplicate.id)").body)
            #expect(page.contains("id=\"refund\"") && page.contains("Pembayaran ganda"))
            let csrf = try #require(ConsoleBrowser.hidden("csrf", in: page))
            let once = try #require(ConsoleBrowser.hidden("once", in: page))
            #expect(once.count == 32)
            let noOnce = try await keu.post(
                "/console/exceptions/\(duplicate.id)/refund", [("csrf", csrf), ("amount", "2000"), ("reason", "ganda")])
            #expect(noOnce.status == .badRequest)
            let tooMuch = try await keu.post(
                "/console/exceptions/\(duplicate.id)/refund",
                [("csrf", csrf), ("once", once), ("amount", "2001"), ("reason", "bayar dua kali")])
            #expect(tooMuch.status == .conflict)
            #expect(String(buffer: tooMuch.body).contains("refund") || String(buffer: tooMuch.body).contains("amount"))
            #expect(try await fixture.eventCount() == before)

            let form = [("csrf", csrf), ("once", once), ("amount", "2.000"), ("reason", "bayar dua kali")]
            let first = try await keu.post("/console/exceptions/\(duplicate.id)/refund", form)
            #expect(first.status == .seeOther, "\(String(buffer: first.body))")
            #expect(first.headers[.location] == "/console/exceptions/\(duplicate.id)?done=refunded")
            let second = try await keu.post("/console/exceptions/\(duplicate.id)/refund", form)
            #expect(second.status == .seeOther, "a double submit answers as the first")
            let refunds = try await store.refunds(invoiceID: try #require(duplicate.invoiceID))
            #expect(refunds.count == 1)
            #expect(refunds.first?.paymentID == extra && refunds.first?.amount == Rupiah(2_000))
            #expect(refunds.first?.actor == finance.actor, "the refund names the staff member")
            let after = try #require(try await store.exceptionCase(id: duplicate.id))
            #expect(after.resolution?.code == .refunded)
            #expect(try await store.invoice(id: try #require(duplicate.invoiceID))?.status == .paid)
            let events = try await store.events(after: Int64(before), limit: 100)
            #expect(!events.isEmpty)
            #expect(events.contains { $0.payload.contains("\"staff\":\"\(finance.id.rawValue)\"") })
            let done = String(buffer: try await keu.get("/console/exceptions/\(duplicate.id)?done=refunded").body)
            #expect(done.contains("Uang dikembalikan dan dicatat.") && done.contains("dikembalikan"))
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}
