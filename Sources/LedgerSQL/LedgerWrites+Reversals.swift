import Foundation
import Ledger

/// A settlement file's `reversal` rows: the bank took money back from a payment.
package extension LedgerWrites {
    /// What a `reversal` row did.
    enum ReversalOutcome: Equatable {
        /// A `payment.reversed` event and its effects were written.
        case recorded
        /// The ledger already holds this money given back (the same row, a refund the city asked
        /// for, or the same reversal in another file, by the acquirer's reference): nothing to write.
        case known
        /// Nothing could be recorded: open a `reversal` exception with this text, naming the payment
        /// when one was found.
        case exception(payment: Payment?, String)
    }

    /// Records `line`, a `reversal` row, against the payment it takes back, in the caller's
    /// transaction: the payment of `invoice` with the row's RRN; a refund record of source
    /// `settlement_reversal` naming the row, `payment.reversed`, then the effects every refund has
    /// (``givenBack(_:of:total:_:_:)``).
    ///
    /// Never twice, and never past the payment: a row already recorded, or whose acquirer reference
    /// names money the ledger already gave back (for the same amount), is ``ReversalOutcome/known``. Left to a person (an
    /// exception) are: no payment with the row's bill number and RRN; more than what is left of the
    /// payment; a row without a reference for a payment the city refunded through the acquirer (the
    /// row may be the bank's record of that refund), or for a payment another file reversed by the
    /// same amount (a corrected re-send may repeat it) — unless this file is the corrected re-send
    /// that withdrew that file: then it is the same reversal restated, ``ReversalOutcome/known``.
    static func reverse(
        _ line: SettlementLine, of invoice: Invoice?, actor: LedgerActor, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> ReversalOutcome {
        let taken = "the bank took back \(line.gross.formatted)"
        guard let invoice, let rrn = line.rrn,
            let payment = try LedgerQueries.payment(billNumber: invoice.billNumber, rrn: rrn, db)
        else {
            return .exception(payment: nil, "\(taken) (no recorded payment has this RRN): \(line.detail)")
        }
        let key = PaymentRefund.reversalKey(line.reference)
        let earlier = try LedgerQueries.refunds(paymentID: payment.id, db)
        if earlier.contains(where: { $0.idempotencyKey == key }) { return .known }
        // `-` is what the ledger stores when there is no reference: it names nothing.
        let reference = line.acquirerReference.flatMap { $0.isEmpty || $0 == "-" ? nil : String($0.prefix(64)) }
        if let reference {
            if let same = earlier.first(where: { $0.acquirerReference == reference }) {
                guard same.amount == line.gross else {
                    return .exception(
                        payment: payment,
                        "\(taken) of payment \(payment.id) under the acquirer reference of \(same.id), which gave back "
                            + "\(same.amount.formatted)")
                }
                return .known
            }
        } else if let refund = earlier.first(where: { $0.source == .acquirer }) {
            return .exception(
                payment: payment,
                "\(taken) of payment \(payment.id), which the city refunded through the acquirer (\(refund.id), "
                    + "\(refund.amount.formatted)); the row names no refund number, so it may be that refund: check "
                    + "it against the acquirer's refund report")
        } else if let same = earlier.first(where: {
            $0.amount == line.gross && $0.settlement.map { $0.settlementID != line.reference.settlementID } == true
        }) {
            // The same reversal, restated by the corrected re-send of the file that recorded it.
            if let file = same.settlement?.settlementID,
                try LedgerQueries.settlementApplication(id: file, db)?.supersededBy == line.reference.settlementID
            {
                return .known
            }
            return .exception(
                payment: payment,
                "\(taken) of payment \(payment.id), which \(same.settlement.map(\.description) ?? "-") reversed by "
                    + "the same amount; if this file repeats that row (a corrected re-send), nothing more was taken")
        }
        let before = try earlier.reduce(Rupiah.zero) { try $0.adding($1.amount, what: "refunds of \(payment.id)") }
        guard line.gross > .zero, let total = try? before.adding(line.gross, what: "reversal"), total <= payment.amount
        else {
            return .exception(
                payment: payment,
                "\(taken) of payment \(payment.id) of \(payment.amount.formatted), more than the "
                    + "\(Rupiah(payment.amount.value - before.value).formatted) left of it (\(before.formatted) refunded "
                    + "or reversed before): \(line.detail)")
        }
        let reversal = PaymentRefund(
            reversalOf: payment, amount: line.gross, row: line.reference, acquirerReference: reference ?? "-",
            reason: "\(taken) (reversal row \(line.reference))", at: at, actor: actor)
        do {
            try reversal.validate()
        } catch let error as LedgerError {
            return .exception(payment: payment, "\(taken) of payment \(payment.id); not recorded: \(error.message)")
        }
        try LedgerRowCodec.insert(reversal, db)
        try LedgerRowCodec.append(.paymentReversed(reversal), at: at, db, state: &state)
        _ = try givenBack(reversal, of: payment, total: total, db, &state)
        return .recorded
    }
}

package extension LedgerQueries {
    /// A payment's refunds and reversals, oldest first.
    static func refunds(paymentID: Payment.ID, _ db: some SQLSession) throws -> [PaymentRefund] {
        try db.rows(
            "SELECT \(LedgerRowCodec.refundColumns) FROM payment_refunds WHERE payment_id = ? ORDER BY refunded_ms, id",
            [paymentID.rawValue]
        ).map(LedgerRowCodec.refund)
    }
}
