import Foundation
import Ledger

/// Rows of the table `v5-refunds` added and `v13-reversals` extended: `payment_refunds`.
package extension LedgerRowCodec {
    static let refundColumns = """
        id, payment_id, invoice_id, amount, reason, partner_refund_no, acquirer_reference, refunded_ms, \
        actor_device, actor_staff, idempotency_key, source, settlement_id, settlement_row, settlement_location
        """

    static func refund(_ row: some PositionalRow) throws -> PaymentRefund {
        let sourceText = try row.text("source")
        guard let source = PaymentRefund.Source(rawValue: sourceText) else {
            throw LedgerError(
                .storageFailure, "payment_refunds.source holds a value no ledger event produces: \(sourceText)")
        }
        let settlement = try row.optionalText("settlement_id").map { id in
            SettlementRowReference(
                settlementID: id, row: try row.int64("settlement_row"),
                location: try row.text("settlement_location"))
        }
        return PaymentRefund(
            id: PaymentRefund.ID(try row.text("id")),
            paymentID: Payment.ID(try row.text("payment_id")),
            invoiceID: Invoice.ID(try row.text("invoice_id")),
            amount: Rupiah(try row.int64("amount")),
            reason: try row.text("reason"),
            partnerRefundNo: try row.text("partner_refund_no"),
            acquirerReference: try row.text("acquirer_reference"),
            refundedAt: Date(ledgerMilliseconds: try row.int64("refunded_ms")),
            actor: LedgerActor(
                device: try row.optionalText("actor_device").map(Device.ID.init),
                staff: try row.optionalText("actor_staff")),
            idempotencyKey: try row.text("idempotency_key"), source: source,
            settlement: settlement)
    }

    static func insert(_ refund: PaymentRefund, _ db: some SQLSession) throws {
        try db.execute(
            "INSERT INTO payment_refunds (\(refundColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                refund.id.rawValue, refund.paymentID.rawValue, refund.invoiceID.rawValue, refund.amount.value,
                refund.reason, refund.partnerRefundNo, refund.acquirerReference, refund.refundedAt.ledgerMilliseconds,
                refund.actor.device?.rawValue, refund.actor.staff, refund.idempotencyKey, refund.source.rawValue,
                refund.settlement?.settlementID, refund.settlement?.row, refund.settlement?.location,
            ])
    }
}
