import Foundation
import GRDB
import Ledger

/// Rows of the table `v5-refunds` added and `v13-reversals` extended: `payment_refunds`.
extension LedgerRowCodec {
    static let refundColumns = """
        id, payment_id, invoice_id, amount, reason, partner_refund_no, acquirer_reference, refunded_ms, \
        actor_device, actor_staff, idempotency_key, source, settlement_id, settlement_row, settlement_location
        """

    static func refund(_ row: Row) throws -> PaymentRefund {
        let sourceText = try row.decode(String.self, forColumn: "source")
        guard let source = PaymentRefund.Source(rawValue: sourceText) else {
            throw LedgerError(
                .storageFailure, "payment_refunds.source holds a value no ledger event produces: \(sourceText)")
        }
        let settlement = try row.decode(String?.self, forColumn: "settlement_id").map { id in
            SettlementRowReference(
                settlementID: id, row: try row.decode(Int64.self, forColumn: "settlement_row"),
                location: try row.decode(String.self, forColumn: "settlement_location"))
        }
        return PaymentRefund(
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
            idempotencyKey: try row.decode(String.self, forColumn: "idempotency_key"), source: source,
            settlement: settlement)
    }

    static func insert(_ refund: PaymentRefund, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO payment_refunds (\(refundColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            refund.id.rawValue, refund.paymentID.rawValue, refund.invoiceID.rawValue, refund.amount.value,
            refund.reason, refund.partnerRefundNo, refund.acquirerReference, refund.refundedAt.ledgerMilliseconds,
            refund.actor.device?.rawValue, refund.actor.staff, refund.idempotencyKey, refund.source.rawValue,
            refund.settlement?.settlementID, refund.settlement?.row, refund.settlement?.location,
        ])
    }
}
