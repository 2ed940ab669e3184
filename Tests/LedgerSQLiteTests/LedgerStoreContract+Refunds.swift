import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// A refund of `payment` as the refunding service would record it after the acquirer made it.
    static func refund(
        _ payment: Payment, _ amount: Int64, key: String, by actor: LedgerActor, reason: String = "payer asked"
    ) -> PaymentRefund {
        PaymentRefund(
            id: .generate(), paymentID: payment.id, invoiceID: payment.invoiceID, amount: Rupiah(amount),
            reason: reason,
            partnerRefundNo: PaymentRefund.partnerRefundNumber(idempotencyKey: key), acquirerReference: "RF-\(key)",
            refundedAt: TestLedger.morning.addingTimeInterval(3_600), actor: actor, idempotencyKey: key)
    }

    /// Refunds: partial and full, the invoice's own payment and an extra one, a payment for a
    /// cancelled invoice, never past the payment, idempotent on the key, refused to other roles.
    static func refunds(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-30"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-30", role: .finance))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("AUD-30", role: .auditor))
        let finance = LedgerActor.device(Device.ID("FIN-30"))
        let issue = { (amount: Int64) in
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-30", amount: amount)).invoice
        }
        let own = try await issue(5_000)
        let ownPayment = try await store.recordPayment(TestLedger.payment(own, rrn: "A1")).payment
        let partial = try await issue(6_000)
        let partialPayment = try await store.recordPayment(TestLedger.payment(partial, rrn: "P1")).payment
        let twice = try await issue(7_000)
        _ = try await store.recordPayment(TestLedger.payment(twice, rrn: "T1"))
        let extra = try await store.recordPayment(TestLedger.payment(twice, rrn: "T2")).payment
        #expect(extra.effect == .extra)
        let cancelled = try await issue(9_000)
        _ = try await store.cancelInvoice(cancelled.id, reason: "wrong plate", at: TestLedger.morning)
        let late = try await store.recordPayment(TestLedger.payment(cancelled, rrn: "C1")).payment
        #expect(late.effect == .paidLate)
        #expect(try await store.payment(id: extra.id) == extra)
        #expect(try await store.payment(id: Payment.ID("pay_nothing")) == nil)

        // Refused before anything is written.
        let before = try await eventCount(store)
        await expectError(.actorNotAllowed) {
            _ = try await store.refundPayment(
                refund(partialPayment, 100, key: "r-aud", by: .device(Device.ID("AUD-30"))), requestHash: "h-aud")
        }
        await expectError(.actorNotAllowed) {
            _ = try await store.refundPayment(
                refund(partialPayment, 100, key: "r-att", by: .device(Device.ID("JKR-30"))), requestHash: "h-att")
        }
        var unknown = refund(partialPayment, 100, key: "r-unknown", by: finance)
        unknown.paymentID = Payment.ID("pay_nothing")
        await expectError(.unknownPayment) { _ = try await store.refundPayment(unknown, requestHash: "h-unknown") }
        await expectError(.invalidField) {
            _ = try await store.refundPayment(refund(partialPayment, 0, key: "r-zero", by: finance), requestHash: "h0")
        }
        await expectError(.refundExceedsPayment) {
            _ = try await store.refundPayment(
                refund(partialPayment, 6_001, key: "r-over", by: finance), requestHash: "h")
        }
        #expect(try await eventCount(store) == before)
        #expect(try await store.refunds(invoiceID: partial.id) == [])

        // A partial refund leaves the status; the rest refunds the invoice.
        let first = try await store.refundPayment(
            refund(partialPayment, 2_000, key: "r-1", by: finance), requestHash: "h1")
        #expect(first.isNew && first.refundedTotal == Rupiah(2_000) && first.invoice.status == .paid)
        #expect(first.resolvedExceptions == [])
        #expect(try await eventCount(store) == before + 1)
        let event = try #require(try await store.events(entityID: partial.id.rawValue).last)
        #expect(event.kind == .paymentRefunded && event.payload.contains(#""acquirerReference":"RF-r-1""#))
        // The same key and request: the first refund, nothing written. Another request: refused.
        let again = try await store.refundPayment(
            refund(partialPayment, 2_000, key: "r-1", by: finance), requestHash: "h1")
        #expect(!again.isNew && again.refund == first.refund && again.refundedTotal == Rupiah(2_000))
        await expectError(.idempotencyKeyReused) {
            _ = try await store.refundPayment(refund(partialPayment, 3_000, key: "r-1", by: finance), requestHash: "h9")
        }
        #expect(try await eventCount(store) == before + 1)
        await expectError(.refundExceedsPayment) {
            _ = try await store.refundPayment(refund(partialPayment, 4_001, key: "r-2x", by: finance), requestHash: "h")
        }
        let rest = try await store.refundPayment(
            refund(partialPayment, 4_000, key: "r-2", by: finance), requestHash: "h2")
        #expect(rest.refundedTotal == Rupiah(6_000) && rest.invoice.status == .refunded)
        #expect(try await store.refunds(invoiceID: partial.id).map(\.amount) == [Rupiah(2_000), Rupiah(4_000)])
        #expect(try await store.paymentRefund(id: rest.refund.id) == rest.refund)
        await expectError(.refundExceedsPayment) {
            _ = try await store.refundPayment(refund(partialPayment, 1, key: "r-3", by: finance), requestHash: "h3")
        }

        // An extra payment: the invoice stays paid, its duplicate_payment exception is resolved.
        let duplicate = try #require(
            try await store.exceptionCases(ExceptionQuery(state: .open, category: .duplicatePayment)).first)
        #expect(duplicate.paymentID == extra.id)
        let extraRefund = try await store.refundPayment(
            refund(extra, 7_000, key: "r-x", by: finance), requestHash: "hx")
        #expect(extraRefund.invoice.status == .paid)
        #expect(extraRefund.resolvedExceptions.map(\.id) == [duplicate.id])
        let resolved = try #require(try await store.exceptionCase(id: duplicate.id)?.resolution)
        #expect(
            resolved.code == .refunded && resolved.actor == finance
                && resolved.note.contains(extraRefund.refund.id.rawValue))

        // Money for a cancelled invoice: refunded, and its paid_late exception resolved.
        let paidLate = try #require(
            try await store.exceptionCases(ExceptionQuery(state: .open, category: .paidLate)).first)
        let lateRefund = try await store.refundPayment(
            refund(late, 9_000, key: "r-late", by: finance), requestHash: "hl")
        #expect(lateRefund.invoice.status == .refunded && lateRefund.resolvedExceptions.map(\.id) == [paidLate.id])

        // The invoice's own payment in full.
        let ownRefund = try await store.refundPayment(
            refund(ownPayment, 5_000, key: "r-own", by: .serverOperator), requestHash: "ho")
        #expect(ownRefund.invoice.status == .refunded && ownRefund.resolvedExceptions == [])
        try await expectIntact(store)
    }
}
