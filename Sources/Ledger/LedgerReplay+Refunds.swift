import Foundation

extension LedgerReplay {
    /// A refund by finance (or the server operator) of a known payment, never more than was paid.
    mutating func refundPayment(
        _ refund: PaymentRefund, _ key: LedgerFact.Idempotency, sequence: Int64
    )
        throws
    {
        try requireFinance(refund.actor, "refund \(refund.id)")
        guard refund.source == .acquirer else {
            throw broken("refund \(refund.id) of source \(refund.source.rawValue) recorded as payment.refunded")
        }
        try claim(key, .refundPayment, entityID: refund.id.rawValue)
        try takeBack(refund, sequence: sequence)
    }

    /// A bank reversal from a `reversal` row of an applied settlement file: applied by finance (or
    /// the server operator), of a file imported before, one reversal per row, never past the payment.
    mutating func reversePayment(_ reversal: PaymentRefund, sequence: Int64) throws {
        try requireFinance(reversal.actor, "reversal \(reversal.id)")
        guard reversal.source == .settlementReversal, let row = reversal.settlement,
            reversal.idempotencyKey == PaymentRefund.reversalKey(row)
        else {
            throw broken("reversal \(reversal.id) names no settlement row, or a key that is not its row's")
        }
        guard settlementFiles.keys.contains(row.settlementID) else {
            throw broken("reversal \(reversal.id) by \(row), a file never imported")
        }
        guard reversalKeys.insert(reversal.idempotencyKey).inserted else {
            throw broken("\(row) reversed a payment twice")
        }
        try takeBack(reversal, sequence: sequence)
    }

    /// What refunds and reversals share: a known payment of the named invoice, more than zero, and
    /// together never more than the payment.
    private mutating func takeBack(_ refund: PaymentRefund, sequence: Int64) throws {
        guard refunds[refund.id] == nil else { throw broken("refund \(refund.id) recorded twice") }
        guard let payment = payments[refund.paymentID], payment.invoiceID == refund.invoiceID else {
            throw broken("refund \(refund.id) of unknown payment \(refund.paymentID) or of another invoice")
        }
        let before = refundedTotals[payment.id] ?? .zero
        let total = try before.adding(refund.amount, what: "refunds of payment \(payment.id)")
        guard refund.amount > .zero, total <= payment.amount else {
            throw broken(
                "refund \(refund.id) of \(refund.amount) takes payment \(payment.id) of \(payment.amount) "
                    + "past what was paid (\(before) refunded or reversed before)")
        }
        refundedTotals[payment.id] = total
        if payment.effect != .extra {
            ownGivenBack[payment.invoiceID] = try (ownGivenBack[payment.invoiceID] ?? .zero).adding(
                refund.amount, what: "refunds of invoice \(payment.invoiceID)")
        }
        refunds[refund.id] = refund
        createdBy[refund.id.rawValue] = sequence
    }
}
