import Foundation
import GRDB
import Ledger

/// Rows of the table `v5-refunds` added: `payment_refunds`.
extension LedgerRowCodec {
    static let refundColumns = """
        id, payment_id, invoice_id, amount, reason, partner_refund_no, acquirer_reference, refunded_ms, \
        actor_device, actor_staff, idempotency_key
        """

    static func refund(_ row: Row) throws -> PaymentRefund {
        PaymentRefund(
            id: PaymentRefund.ID(try row.decode(String.self, forColumn: "id")),
            paymentID: Payment.ID(try row.decode(String.self, forColumn: "payment_id")),
            invoiceID: Invoice.ID(try row.decode(String.self, forColumn: "invoice_id")),
            amount: Rupiah(try row.decode(Int64.self, forColumn: "amount")),
            reason: try row.decode(String.self, forColumn: "reason"),
            partnerRefundNo: try row.decode(String.self, forColumn: "partner_refund_no"),
            acquirerReference: try row.decode(String.self, forColumn: "acquirer_reference"),
            refundedAt: Date(ledgerMilliseconds: try row.decode(Int64.self, forColumn: "refunded_ms")),
            actor: LedgerActor(
                device: try row.decode(String?.self, forColumn: "actor_device").map(Device.ID.init),
                staff: try row.decode(String?.self, forColumn: "actor_staff")),
            idempotencyKey: try row.decode(String.self, forColumn: "idempotency_key"))
    }

    static func insert(_ refund: PaymentRefund, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO payment_refunds (\(refundColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            refund.id.rawValue, refund.paymentID.rawValue, refund.invoiceID.rawValue, refund.amount.value,
            refund.reason, refund.partnerRefundNo, refund.acquirerReference, refund.refundedAt.ledgerMilliseconds,
            refund.actor.device?.rawValue, refund.actor.staff, refund.idempotencyKey,
        ])
    }
}
