import Foundation

extension LedgerReplay {
    /// A refund by finance (or the server operator) of a known payment, never more than was paid.
    mutating func refundPayment(
        _ refund: PaymentRefund, _ key: LedgerFact.Idempotency, sequence: Int64
    )
        throws
    {
        try requireFinance(refund.actor, "refund \(refund.id)")
        guard refunds[refund.id] == nil else { throw broken("refund \(refund.id) recorded twice") }
        guard let payment = payments[refund.paymentID], payment.invoiceID == refund.invoiceID else {
            throw broken("refund \(refund.id) of unknown payment \(refund.paymentID) or of another invoice")
        }
        let before = refundedTotals[payment.id] ?? .zero
        let total = try before.adding(refund.amount, what: "refunds of payment \(payment.id)")
        guard refund.amount > .zero, total <= payment.amount else {
            throw broken(
                "refund \(refund.id) of \(refund.amount) takes payment \(payment.id) of \(payment.amount) "
                    + "past what was paid (\(before) refunded before)")
        }
        try claim(key, .refundPayment, entityID: refund.id.rawValue)
        refundedTotals[payment.id] = total
        refunds[refund.id] = refund
        createdBy[refund.id.rawValue] = sequence
    }
}
