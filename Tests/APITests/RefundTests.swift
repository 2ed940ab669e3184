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

/// `POST /api/v1/payments/{id}/refund` over real HTTP with the real acquirer simulator: tickets
/// issued by an attendant, paid through the simulator (signed notifies), refunded by finance
/// through the simulator's SNAP refund.
@Suite("Refunds through the acquirer (real HTTP, real simulator)")
struct RefundTests {
    @Test(
        "own payment in full → invoice refunded and the receipt says so; an extra payment → its exception resolved, invoice unchanged; partial; over-refund refused; idempotent repeat; roles"
    )
    func refunds() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            // 0: paid once, refunded in full; 1: paid twice, the extra payment refunded; 2: paid once,
            // refunded in two parts.
            var invoices: [[String: Any]] = []
            for index in 0..<3 {
                let issued = try await loop.issueTicket(key: "refund-\(index)")
                #expect(issued.status == .created, "\(String(buffer: issued.body))")
                invoices.append(try #require(try jsonObject(issued)["invoice"] as? [String: Any]))
            }
            let ids = try invoices.map { try #require($0["id"] as? String) }
            for index in [0, 1, 1, 2] {
                fixture.clock.advance(by: 10)
                let paid = try await loop.pay(try #require(invoices[index]["qris"] as? String))
                #expect(paid.status == .ok, "\(String(buffer: paid.body))")
                await loop.simulator.notifier.settle()
            }
            let store = fixture.store
            let own = try #require(try await store.payments(invoiceID: .init(ids[0])).first)
            let doubled = try await store.payments(invoiceID: .init(ids[1]))
            let extra = try #require(doubled.first { $0.effect == .extra })
            let partial = try #require(try await store.payments(invoiceID: .init(ids[2])).first)
            let duplicate = try #require(
                try await store.exceptionCases(ExceptionQuery(state: .open, category: .duplicatePayment)).first)
            #expect(duplicate.paymentID == extra.id)

            // Roles and a missing key are refused before anything is written.
            let before = try await fixture.eventCount()
            for role in [Device.Role.attendant, .auditor, .supervisor, .kiosk] {
                let refused = try await refund(loop, own.id.rawValue, 2_000, role: role, key: "role-\(role.rawValue)")
                #expect(refused.status == .forbidden, "\(role)")
            }
            let keyless = try await loop.lunas.execute(
                uri: "/api/v1/payments/\(own.id)/refund", method: .post, headers: fixture.headers(.finance),
                body: ByteBuffer(string: #"{"amount":2000,"reason":"x"}"#))
            #expect(keyless.status == .badRequest)
            #expect(try errorObject(keyless)["code"] as? String == "request.missingIdempotencyKey")
            let unknown = try await refund(loop, "pay_nothing", 1, key: "unknown")
            #expect(unknown.status == .notFound)
            #expect(try errorObject(unknown)["code"] as? String == "payment.unknown")
            let over = try await refund(loop, own.id.rawValue, 2_001, key: "over")
            #expect(over.status == .conflict)
            #expect(try errorObject(over)["code"] as? String == "refund.exceedsPayment")
            #expect(try errorObject(over)["field"] as? String == "amount")
            let zero = try await refund(loop, own.id.rawValue, 0, key: "zero")
            #expect(zero.status == .badRequest)
            #expect(try errorObject(zero)["field"] as? String == "amount")
            #expect(try await fixture.eventCount() == before)
            #expect(try await snapCalls(loop) == 0)

            // The invoice's own payment in full: the invoice is refunded.
            let full = try await refund(loop, own.id.rawValue, 2_000, key: "full-0")
            #expect(full.status == .created, "\(String(buffer: full.body))")
            let fullBody = try jsonObject(full)
            let fullRefund = try #require(fullBody["refund"] as? [String: Any])
            #expect((fullBody["invoice"] as? [String: Any])?["status"] as? String == "refunded")
            #expect(fullRefund["amount"] as? Int == 2_000 && fullRefund["refundedTotal"] as? Int == 2_000)
            #expect((fullRefund["by"] as? [String: Any])?["device"] as? String == "t-finance")
            let acquirerReference = try #require(fullRefund["acquirerReference"] as? String)
            #expect(acquirerReference.hasPrefix("RF"))
            #expect(try await store.invoice(id: .init(ids[0]))?.status == .refunded)
            let simulated = try #require(
                await loop.simulator.simulator.allTransactions().first { $0.payment?.rrn == own.rrn })
            #expect(simulated.refunds.map(\.refundNo) == [acquirerReference])
            let calls = try await snapCalls(loop)
            let events = try await fixture.eventCount()
            #expect(
                try await store.events(entityID: ids[0]).suffix(2).map(\.kind) == [.paymentRefunded, .invoiceRefunded])

            // The same key again: the first answer, no call to the acquirer, nothing written.
            let repeated = try await refund(loop, own.id.rawValue, 2_000, key: "full-0")
            #expect(repeated.status == .created)
            #expect(
                (try jsonObject(repeated)["refund"] as? [String: Any])?["id"] as? String == fullRefund["id"] as? String)
            #expect(try await snapCalls(loop) == calls)
            #expect(try await fixture.eventCount() == events)
            let reused = try await refund(loop, own.id.rawValue, 1_000, key: "full-0")
            #expect(reused.status == .conflict)
            #expect(try errorObject(reused)["code"] as? String == "idempotency.keyReused")
            // Nothing is left to refund.
            let more = try await refund(loop, own.id.rawValue, 1, key: "more-0")
            #expect(more.status == .conflict)
            #expect(try errorObject(more)["code"] as? String == "refund.exceedsPayment")

            // The receipt page says that a refund was made, how much and when (Indonesian).
            let code = try #require(invoices[0]["receiptCode"] as? String)
            var accept = HTTPFields()
            accept[.accept] = "text/html"
            let page = try await loop.lunas.execute(uri: "/public/receipts/\(code)", method: .get, headers: accept)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("SUDAH DIKEMBALIKAN"))
            #expect(html.contains("Pengembalian dana"))
            #expect(html.contains("Rp2.000 dikembalikan pada 2026-"))
            let receipt = try jsonObject(
                try await loop.lunas.execute(uri: "/public/receipts/\(code)", method: .get))
            #expect(receipt["status"] as? String == "refunded")
            #expect((receipt["refunds"] as? [[String: Any]])?.first?["amount"] as? Int == 2_000)

            // An extra payment: the invoice stays paid, its duplicate_payment exception is resolved.
            let extraAnswer = try await refund(loop, extra.id.rawValue, 2_000, key: "extra-1")
            #expect(extraAnswer.status == .created, "\(String(buffer: extraAnswer.body))")
            let extraBody = try jsonObject(extraAnswer)
            #expect((extraBody["invoice"] as? [String: Any])?["status"] as? String == "paid")
            let resolved = try #require((extraBody["resolvedExceptions"] as? [[String: Any]])?.first)
            #expect(resolved["id"] as? String == duplicate.id.rawValue)
            let resolution = try #require(resolved["resolution"] as? [String: Any])
            #expect(resolution["resolution"] as? String == "refunded")
            #expect((resolution["by"] as? [String: Any])?["device"] as? String == "t-finance")
            #expect(try await store.invoice(id: .init(ids[1]))?.status == .paid)
            #expect(try await store.exceptionCase(id: duplicate.id)?.state == .resolved)
            let first = try #require(doubled.first { $0.effect != .extra })
            let firstSimulated = await loop.simulator.simulator.allTransactions().first { $0.payment?.rrn == first.rrn }
            #expect(firstSimulated?.refunds.isEmpty == true, "the first payment at the bank is untouched")

            // A partial refund leaves the status; the rest refunds the invoice.
            let part = try await refund(loop, partial.id.rawValue, 500, key: "part-1")
            #expect(part.status == .created)
            #expect((try jsonObject(part)["invoice"] as? [String: Any])?["status"] as? String == "paid")
            #expect(try await store.invoice(id: .init(ids[2]))?.status == .paid)
            let tooMuch = try await refund(loop, partial.id.rawValue, 1_501, key: "part-x")
            #expect(tooMuch.status == .conflict)
            let rest = try await refund(loop, partial.id.rawValue, 1_500, key: "part-2")
            #expect(rest.status == .created)
            #expect((try jsonObject(rest)["refund"] as? [String: Any])?["refundedTotal"] as? Int == 2_000)
            #expect(try await store.invoice(id: .init(ids[2]))?.status == .refunded)
            #expect(try await store.refunds(invoiceID: .init(ids[2])).map(\.amount.value) == [500, 1_500])

            let report = try await store.verify()
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test("the acquirer down → 503 acquirer.unavailable and nothing written; refused by it → 502")
    func acquirerFails() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture, acquirerURL: { _ in "http://127.0.0.1:1" }) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let issued = try await loop.issueTicket(key: "down-1")
            #expect(issued.status == .created)
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            #expect(try await loop.pay(try #require(invoice["qris"] as? String)).status == .ok)
            await loop.simulator.notifier.settle()
            let id = try #require(invoice["id"] as? String)
            let payment = try #require(try await fixture.store.payments(invoiceID: .init(id)).first)
            let before = try await fixture.eventCount()
            let down = try await refund(loop, payment.id.rawValue, 2_000, key: "down-refund")
            #expect(down.status == .serviceUnavailable, "\(String(buffer: down.body))")
            #expect(try errorObject(down)["code"] as? String == "acquirer.unavailable")
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.refunds(invoiceID: .init(id)) == [])
            #expect(try await fixture.store.idempotencyRecord(key: "t-finance:down-refund") == nil)
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .paid)
            let report = try await fixture.store.verify()
            #expect(report.isIntact, "\(report.problems)")
        }
        let refusing = try await APIFixture.make()
        try await AcquirerLoop.run(refusing) { loop in
            // A payment only the ledger knows (recorded by hand): the acquirer has no such transaction.
            let issued = try await loop.issueTicket(key: "refused-1")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let recorded = try await refusing.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(try #require(invoice["billNumber"] as? String)), rrn: "000000000042",
                    issuer: "OVO", amount: Rupiah(2_000), paidAt: refusing.clock.now, recordedAt: refusing.clock.now,
                    source: .manual(reason: "bank statement line 3")))
            let before = try await refusing.eventCount()
            let refused = try await refund(loop, recorded.payment.id.rawValue, 2_000, key: "refused")
            #expect(refused.status == .badGateway, "\(String(buffer: refused.body))")
            #expect(try errorObject(refused)["code"] as? String == "acquirer.refused")
            #expect(try await refusing.eventCount() == before)
        }
    }

    @Test(
        "snap mode: cancelling cancels the QR at the acquirer, which then refuses to pay it; a QR paid before the cancel is refused by the bank, its payment is paid_late and refunded"
    )
    func cancelReachesTheBank() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        try await AcquirerLoop.run(fixture, configDirectory: config) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let issued = try await loop.issueTicket(key: "snap-cancel-1")
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let billNumber = try #require(invoice["billNumber"] as? String)
            let cancelled = try await cancel(loop, id)
            #expect(cancelled.status == .ok, "\(String(buffer: cancelled.body))")
            let answer = try jsonObject(cancelled)
            #expect((answer["invoice"] as? [String: Any])?["status"] as? String == "cancelled")
            #expect((answer["acquirerCancel"] as? [String: Any])?["status"] as? String == "cancelled")
            let atBank = try #require(await loop.simulator.simulator.transaction(partnerReference: billNumber))
            #expect(atBank.cancelledAt != nil)
            // The simulator refuses to pay a QR it cancelled.
            let refused = try await loop.pay(try #require(invoice["qris"] as? String))
            #expect(refused.status != .ok)
            #expect(String(buffer: refused.body).contains("cancelled"))
            // Cancelling again asks the acquirer again, harmlessly.
            let again = try jsonObject(try await cancel(loop, id))
            #expect((again["acquirerCancel"] as? [String: Any])?["status"] as? String == "cancelled")

            // Paid at the bank before Lunas heard of it (the notify is held back), then cancelled.
            try await loop.setFaults(
                AcquirerLoopTests.noFaults.replacingOccurrences(of: #""dropPercent":0"#, with: #""dropPercent":100"#))
            let second = try #require(
                try jsonObject(try await loop.issueTicket(key: "snap-cancel-2"))["invoice"] as? [String: Any])
            let secondID = try #require(second["id"] as? String)
            let secondQR = try #require(second["qris"] as? String)
            let paid = try await loop.pay(secondQR)
            #expect(paid.status == .ok)
            let twice = try await loop.pay(secondQR)
            #expect(twice.status != .ok, "the simulator refuses to pay a QR twice")
            #expect(String(buffer: twice.body).contains("already paid"))
            let late = try jsonObject(try await cancel(loop, secondID))
            #expect((late["invoice"] as? [String: Any])?["status"] as? String == "cancelled")
            #expect((late["acquirerCancel"] as? [String: Any])?["status"] as? String == "refused")
            // The payment still arrives: recorded paid_late, with an exception to refund or keep.
            let referenceNo = try #require(try jsonObject(paid)["referenceNo"] as? String)
            let notify = try await loop.simulator.simulator.notifyRequest(
                referenceNo: referenceNo, now: fixture.clock.now)
            #expect(try await loop.postNotify(notify).status == .ok)
            #expect(try await fixture.store.invoice(id: .init(secondID))?.status == .paidLate)
            let payment = try #require(try await fixture.store.payments(invoiceID: .init(secondID)).first)
            let exception = try #require(
                try await fixture.store.exceptionCases(ExceptionQuery(state: .open, category: .paidLate)).first)
            #expect(exception.paymentID == payment.id)
            // Finance refunds it: the invoice is refunded and the exception resolved as refunded.
            let refunded = try await refund(loop, payment.id.rawValue, 2_000, key: "late-refund")
            #expect(refunded.status == .created, "\(String(buffer: refunded.body))")
            #expect(try await fixture.store.invoice(id: .init(secondID))?.status == .refunded)
            #expect(try await fixture.store.exceptionCase(id: exception.id)?.resolution?.code == .refunded)
            let report = try await fixture.store.verify()
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test(
        "snap mode, the acquirer unreachable: the ledger's cancel stands and the answer says acquirerCancel unavailable"
    )
    func cancelWithTheAcquirerDown() async throws {
        let fixture = try await APIFixture.make()
        let config = try AcquirerLoop.configuration(mode: "snap", in: fixture)
        // An invoice issued while the acquirer was up (written straight to the ledger here), cancelled
        // while it is down (port 1 on loopback: nothing listens).
        let attendant = try #require(fixture.deviceIDs[.attendant])
        let bill = try BillNumber("AMB2611240DOWNCANCEL01")
        let terms = InvoiceTerms(
            billNumber: bill, amount: Rupiah(2_000), qrisPayload: "000201010212PAYLOAD\(bill.rawValue)6304ABCD",
            receiptCode: "RC-\(bill.rawValue)", issuedAt: fixture.clock.now,
            expiresAt: fixture.clock.now.addingTimeInterval(900), deviceID: attendant)
        let issued = try await fixture.store.issueInvoice(
            InvoiceDraft(terms: terms, purpose: .fee(code: "RET-PASAR"), idempotencyKey: "down-cancel"))
        try await AcquirerLoop.run(fixture, configDirectory: config, acquirerURL: { _ in "http://127.0.0.1:1" }) {
            loop in
            let before = try await fixture.eventCount()
            let response = try await cancel(loop, issued.invoice.id.rawValue)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let answer = try jsonObject(response)
            #expect((answer["invoice"] as? [String: Any])?["status"] as? String == "cancelled")
            let acquirer = try #require(answer["acquirerCancel"] as? [String: Any])
            #expect(acquirer["status"] as? String == "unavailable")
            #expect((acquirer["message"] as? String)?.isEmpty == false)
            #expect(try await fixture.eventCount() == before + 1)
            #expect(try await fixture.store.invoice(id: issued.invoice.id)?.status == .cancelled)
            // Repeating writes nothing and asks the acquirer again.
            let again = try jsonObject(try await cancel(loop, issued.invoice.id.rawValue))
            #expect((again["acquirerCancel"] as? [String: Any])?["status"] as? String == "unavailable")
            #expect(try await fixture.eventCount() == before + 1)
        }
    }

    // MARK: Requests

    func refund(
        _ loop: AcquirerLoop, _ paymentID: String, _ amount: Int64, role: Device.Role = .finance, key: String,
        reason: String = "pembayar meminta pengembalian"
    ) async throws -> TestResponse {
        try await loop.lunas.execute(
            uri: "/api/v1/payments/\(paymentID)/refund", method: .post, headers: loop.fixture.headers(role, key: key),
            body: ByteBuffer(string: #"{"amount":\#(amount),"reason":"\#(reason)"}"#))
    }

    func cancel(_ loop: AcquirerLoop, _ invoiceID: String) async throws -> TestResponse {
        try await loop.lunas.execute(
            uri: "/api/v1/invoices/\(invoiceID)/cancel", method: .post,
            headers: loop.fixture.headers(.attendant, json: false))
    }

    /// How many signed SNAP service calls the simulator has taken (each has its own X-EXTERNAL-ID).
    func snapCalls(_ loop: AcquirerLoop) async throws -> Int {
        let state = await loop.simulator.simulator.state()
        return (state.externalIDs ?? [:]).values.reduce(0) { $0 + $1.count }
    }
}
