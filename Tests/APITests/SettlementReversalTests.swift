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

/// `reversal` rows of the bank's settlement file applied over real HTTP with the real acquirer
/// simulator: tickets paid through the simulator (signed notifies); the payer's bank takes one
/// back in full and one in part (`POST /sim/reverse`, a chargeback the city never asked for); the
/// city refunds part of a third through the acquirer (SNAP refund); the simulator's settlement file
/// lists all three as `REFUND` rows. Applying it records the two bank reversals against their
/// payments, knows the city's own refund by its number, and the receipt page says what happened.
@Suite("Bank reversals recorded against their payment when a settlement file is applied (real HTTP, real simulator)")
struct SettlementReversalTests {
    @Test(
        "a reversal in full refunds the invoice, a partial one stays against the payment, the city's own refund is not taken twice; idempotent; the receipt says the bank took it back"
    )
    func reversals() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let store = fixture.store
            // 0: taken back in full by the payer's bank; 1: Rp500 taken back by the bank; 2: Rp500
            // refunded by the city through the acquirer; 3: untouched.
            var invoices: [[String: Any]] = []
            for index in 0..<4 {
                let issued = try await loop.issueTicket(key: "reversal-\(index)")
                #expect(issued.status == .created, "\(String(buffer: issued.body))")
                invoices.append(try #require(try jsonObject(issued)["invoice"] as? [String: Any]))
                fixture.clock.advance(by: 10)
                let paid = try await loop.pay(try #require(invoices[index]["qris"] as? String))
                #expect(paid.status == .ok, "\(String(buffer: paid.body))")
                await loop.simulator.notifier.settle()
            }
            let ids = try invoices.map { Invoice.ID(try #require($0["id"] as? String)) }
            var payments: [Payment] = []
            for id in ids { payments.append(try #require(try await store.payments(invoiceID: id).first)) }
            #expect(payments.map(\.amount) == Array(repeating: Rupiah(2_000), count: 4))

            // The payer's bank takes money back (the simulator's test route).
            fixture.clock.advance(by: 600)
            let whole = try await loop.reverse(rrn: payments[0].rrn, amount: nil)
            #expect(whole.status == .ok, "\(String(buffer: whole.body))")
            let wholeNumber = try #require(try jsonObject(whole)["refundNo"] as? String)
            #expect(wholeNumber.hasPrefix("CB"))
            #expect(try jsonObject(whole)["amount"] as? Int == 2_000)
            let part = try await loop.reverse(rrn: payments[1].rrn, amount: 500)
            #expect(part.status == .ok, "\(String(buffer: part.body))")
            let partNumber = try #require(try jsonObject(part)["refundNo"] as? String)
            #expect(try await loop.reverse(rrn: "000000000000", amount: nil).status == .notFound)
            let tooMuch = try await loop.reverse(rrn: payments[1].rrn, amount: 1_501)
            #expect(tooMuch.status.code == 422, "\(String(buffer: tooMuch.body))")
            // The city refunds part of payment 2 through the acquirer (SNAP refund).
            let refunded = try await loop.lunas.execute(
                uri: "/api/v1/payments/\(payments[2].id)/refund", method: .post,
                headers: fixture.headers(.finance, key: "city-refund-2"),
                body: ByteBuffer(string: #"{"amount":500,"reason":"pembayar meminta pengembalian"}"#))
            #expect(refunded.status == .created, "\(String(buffer: refunded.body))")
            let cityRefund = try #require(try await store.refunds(invoiceID: ids[2]).first)
            #expect(cityRefund.source == .acquirer && cityRefund.acquirerReference.hasPrefix("RF"))

            // The settlement file: four payments, three REFUND rows (two by the bank, one by the city).
            let simulated = try await loop.simulatorClient.execute(
                uri: "/sim/settlement?paidOn=2026-11-24", method: .get)
            #expect(simulated.status == .ok)
            let file = String(buffer: simulated.body)
            let rows = file.split(separator: "\r\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            #expect(rows.filter { $0[11] == "SUCCESS" }.count == 4, "\(file)")
            #expect(
                Set(rows.filter { $0[11] == "REFUND" }.map { $0[4] }) == [
                    wholeNumber, partNumber, cityRefund.acquirerReference,
                ])
            let uploaded = try await uploadSettlement(
                loop.lunas, fixture, body: ByteBuffer(string: file), profile: "lunas-simulator")
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
            let settlementID = try #require(try jsonObject(uploaded)["id"] as? String)
            let applied = try await loop.lunas.execute(
                uri: "/api/v1/settlements/\(settlementID)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok, "\(String(buffer: applied.body))")
            let state = try jsonObject(applied)
            #expect(state["settled"] as? Int == 4)
            #expect(state["reversalsRecorded"] as? Int == 2)
            #expect(state["exceptionsOpened"] as? Int == 0, "\(state)")
            #expect(state["complete"] as? Bool == true)

            // The reversal in full: recorded against payment 0, the invoice refunded after settling.
            #expect(try await store.invoice(id: ids[0])?.status == .refunded)
            let reversal = try #require(try await store.refunds(invoiceID: ids[0]).first)
            #expect(reversal.source == .settlementReversal && reversal.paymentID == payments[0].id)
            #expect(reversal.amount == Rupiah(2_000) && reversal.acquirerReference == wholeNumber)
            #expect(reversal.actor == .device(Device.ID("t-finance")))
            let row = try #require(reversal.settlement)
            #expect(row.settlementID == settlementID && row.location.hasPrefix("line "))
            let wholeLine = try #require(rows.firstIndex { $0[4] == wholeNumber })
            #expect(row.location == "line \(wholeLine + 2)", "the CSV line after the header")
            #expect(
                try await store.events(entityID: ids[0].rawValue).suffix(3).map(\.kind) == [
                    .invoiceSettled, .paymentReversed, .invoiceRefunded,
                ])
            // The partial one: against payment 1, the invoice stays settled.
            #expect(try await store.invoice(id: ids[1])?.status == .settled)
            #expect(try await store.refunds(invoiceID: ids[1]).map(\.amount) == [Rupiah(500)])
            // The city's own refund: the bank's row named it, nothing more was taken.
            #expect(try await store.refunds(invoiceID: ids[2]) == [cityRefund])
            #expect(try await store.invoice(id: ids[2])?.status == .settled)
            #expect(try await store.invoice(id: ids[3])?.status == .settled)
            #expect(try await store.exceptionCases(ExceptionQuery(category: .reversal)).isEmpty)

            // Applying again changes nothing; the city cannot refund what the bank took back.
            let events = try await fixture.eventCount()
            let again = try await loop.lunas.execute(
                uri: "/api/v1/settlements/\(settlementID)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(again.status == .ok)
            #expect(try jsonObject(again)["alreadyApplied"] as? Bool == true)
            #expect(try await fixture.eventCount() == events)
            let over = try await loop.lunas.execute(
                uri: "/api/v1/payments/\(payments[1].id)/refund", method: .post,
                headers: fixture.headers(.finance, key: "city-refund-1"),
                body: ByteBuffer(string: #"{"amount":1501,"reason":"sisa"}"#))
            #expect(over.status == .conflict, "\(String(buffer: over.body))")
            #expect(try errorObject(over)["code"] as? String == "refund.exceedsPayment")

            // The receipt says the payer's bank took it back: Indonesian, English with ?lang=en, JSON.
            let code = try #require(invoices[0]["receiptCode"] as? String)
            var accept = HTTPFields()
            accept[.accept] = "text/html"
            let page = String(
                buffer: try await loop.lunas.execute(uri: "/public/receipts/\(code)", method: .get, headers: accept)
                    .body)
            #expect(page.contains("SUDAH DITARIK KEMBALI oleh bank pembayar"), "\(page)")
            #expect(page.contains("Rp2.000 ditarik kembali oleh bank pembayar pada 2026-"), "\(page)")
            let english = String(
                buffer: try await loop.lunas.execute(
                    uri: "/public/receipts/\(code)?lang=en", method: .get, headers: accept
                ).body)
            #expect(english.contains("WAS TAKEN BACK by the payer"), "\(english)")
            #expect(english.contains("Rp2.000 taken back by the payer"), "\(english)")
            let receipt = try jsonObject(try await loop.lunas.execute(uri: "/public/receipts/\(code)", method: .get))
            #expect((receipt["refunds"] as? [[String: Any]])?.first?["kind"] as? String == "reversal")
            let cityCode = try #require(invoices[2]["receiptCode"] as? String)
            let cityPage = String(
                buffer: try await loop.lunas.execute(uri: "/public/receipts/\(cityCode)", method: .get, headers: accept)
                    .body)
            #expect(cityPage.contains("Rp500 dikembalikan pada 2026-"), "\(cityPage)")
        }
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}

extension AcquirerLoop {
    /// `POST /sim/reverse`: the payer's bank takes `amount` (nil: all that is left) of a payment back.
    func reverse(rrn: String, amount: Int64?) async throws -> TestResponse {
        let body = String(
            decoding: SNAPCoding.encode(SimulatedReversalRequest(rrn: rrn, amount: amount)), as: UTF8.self)
        return try await simulatorClient.execute(
            uri: "/sim/reverse", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
    }
}
