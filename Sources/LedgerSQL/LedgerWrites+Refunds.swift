import Foundation
import Ledger

package extension LedgerWrites {
    /// Records a refund the acquirer made and its effects, in the caller's transaction: claims the
    /// idempotency key (a repeat answers the first refund), checks the actor and that the payment's
    /// refunds stay within it, writes the row and `payment.refunded`; the invoice's own payment
    /// refunded in full moves the invoice to `refunded`; the payment refunded in full resolves its
    /// open `duplicate_payment` and `paid_late` exceptions as `refunded`.
    static func refundPayment(
        _ refund: PaymentRefund, requestHash: String, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> RecordedRefund {
        var refund = refund
        refund.refundedAt = refund.refundedAt.ledgerRounded
        let claimed = try LedgerQueries.claim(
            IdempotencyRecord(
                key: refund.idempotencyKey, operation: .refundPayment, entityID: refund.id.rawValue,
                requestHash: requestHash), db)
        guard claimed else {
            guard
                let existing = try LedgerQueries.replayed(
                    refund.idempotencyKey, .refundPayment, requestHash: requestHash, db),
                let first = try LedgerQueries.refund(id: PaymentRefund.ID(existing), db)
            else {
                throw LedgerQueries.internalError("idempotency key \(refund.idempotencyKey) points at no refund")
            }
            return try recorded(first, resolved: [], isNew: false, db)
        }
        try requireFinance(refund.actor, "refund payments", db)
        guard let payment = try LedgerQueries.payment(id: refund.paymentID, db), payment.invoiceID == refund.invoiceID
        else {
            throw LedgerError(.unknownPayment, "payment \(refund.paymentID) does not exist", field: "paymentID")
        }
        let before = try LedgerQueries.refundedTotal(paymentID: payment.id, db)
        let total = try before.adding(refund.amount, what: "refunds of payment \(payment.id)")
        guard total <= payment.amount else {
            throw LedgerError(
                .refundExceedsPayment,
                "refunding \(refund.amount.value) would take payment \(payment.id) of \(payment.amount.value) past what "
                    + "was paid (\(before.value) refunded before)", field: "amount")
        }
        try LedgerRowCodec.insert(refund, db)
        try LedgerRowCodec.append(
            .paymentRefunded(refund, .init(key: refund.idempotencyKey, requestHash: requestHash)),
            at: refund.refundedAt, db, state: &state)
        let resolved = try givenBack(refund, of: payment, total: total, db, &state)
        return try recorded(refund, resolved: resolved, isNew: true, db)
    }

    /// The effects of money given back from `payment` (a refund or a bank reversal, `refund`, just
    /// written), now `total` in all: once the whole payment is given back, the invoice's own payment
    /// moves the invoice to `refunded` (an `extra` payment leaves it), and the payment's open
    /// `duplicate_payment` and `paid_late` exceptions are resolved as `refunded`. Returns them.
    ///
    /// Refunds and reversals both pass here, after their record and event: where a late event for a
    /// closed city day is to be booked against the next open day (issue 14), this is the one place
    /// that knows the invoice, the amount and the instant of both.
    static func givenBack(
        _ refund: PaymentRefund, of payment: Payment, total: Rupiah, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> [ExceptionCase] {
        if payment.effect != .extra {
            let before = Rupiah(total.value - refund.amount.value)
            try state.totals.givenBack(refund.amount, before: before, of: payment.invoiceID, db)
        }
        guard total == payment.amount else { return [] }
        let what = refund.source == .acquirer ? "refunded" : "reversed by the bank"
        if payment.effect != .extra {
            _ = try move(
                payment.invoiceID, to: .refunded,
                fact: .invoiceRefunded(
                    payment.invoiceID, reason: "payment \(payment.id) \(what) in full (\(refund.id))",
                    actor: refund.actor),
                at: refund.refundedAt, db, &state)
        }
        let note = String(
            String.UnicodeScalarView("\(what) in full by \(refund.id): \(refund.reason)".unicodeScalars.prefix(500)))
        var resolved: [ExceptionCase] = []
        for exception in try LedgerQueries.openRefundableExceptions(paymentID: payment.id, db) {
            resolved.append(
                try resolveException(
                    exception.id,
                    ExceptionCase.Resolution(code: .refunded, note: note, actor: refund.actor, at: refund.refundedAt),
                    db, &state))
        }
        return resolved
    }

    private static func recorded(
        _ refund: PaymentRefund, resolved: [ExceptionCase], isNew: Bool, _ db: some SQLSession
    ) throws -> RecordedRefund {
        guard let payment = try LedgerQueries.payment(id: refund.paymentID, db),
            let invoice = try LedgerQueries.invoice(where: "id", equals: refund.invoiceID.rawValue, db)
        else { throw LedgerQueries.internalError("refund \(refund.id) points at a missing payment or invoice") }
        return RecordedRefund(
            refund: refund, payment: payment, invoice: invoice,
            refundedTotal: try LedgerQueries.refundedTotal(paymentID: payment.id, db), resolvedExceptions: resolved,
            isNew: isNew)
    }
}

package extension LedgerQueries {
    static func payment(id: Payment.ID, _ db: some SQLSession) throws -> Payment? {
        try one(LedgerRowCodec.paymentColumns, from: "payments", equals: id.rawValue, db) {
            try LedgerRowCodec.payment($0)
        }
    }

    static func refund(id: PaymentRefund.ID, _ db: some SQLSession) throws -> PaymentRefund? {
        try one(LedgerRowCodec.refundColumns, from: "payment_refunds", equals: id.rawValue, db) {
            try LedgerRowCodec.refund($0)
        }
    }

    /// The sum of a payment's refunds (each at most the payment, so the sum of a few fits 64 bits;
    /// it is added with checks all the same).
    static func refundedTotal(paymentID: Payment.ID, _ db: some SQLSession) throws -> Rupiah {
        let amounts = try db.int64s("SELECT amount FROM payment_refunds WHERE payment_id = ?", [paymentID.rawValue])
        return try amounts.reduce(Rupiah.zero) { try $0.adding(Rupiah($1), what: "refunds of payment \(paymentID)") }
    }

    /// The open exceptions a refund of the payment ends: a second payment to give back
    /// (`duplicate_payment`) and money for a cancelled invoice (`paid_late`).
    static func openRefundableExceptions(paymentID: Payment.ID, _ db: some SQLSession) throws -> [ExceptionCase] {
        try db.rows(
            """
            SELECT \(LedgerRowCodec.exceptionCaseColumns) FROM exception_cases
            WHERE payment_id = ? AND resolution IS NULL AND category IN ('duplicate_payment', 'paid_late')
            ORDER BY id
            """, [paymentID.rawValue]
        ).map(LedgerRowCodec.exceptionCase)
    }
}
