import Foundation
import Ledger

extension SQLLedgerStore {
    public func payment(id: Payment.ID) async throws -> Payment? {
        try await read { db in try LedgerQueries.payment(id: id, db) }
    }

    public func refundPayment(_ refund: PaymentRefund, requestHash: String) async throws -> RecordedRefund {
        try refund.validate()
        return try await write { db, state in
            try LedgerWrites.refundPayment(refund, requestHash: requestHash, db, &state)
        }
    }

    public func paymentRefund(id: PaymentRefund.ID) async throws -> PaymentRefund? {
        try await read { db in try LedgerQueries.refund(id: id, db) }
    }

    public func refunds(invoiceID: Invoice.ID) async throws -> [PaymentRefund] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.refundColumns) FROM payment_refunds WHERE invoice_id = ? ORDER BY refunded_ms, id",
            arguments: [invoiceID.rawValue], LedgerRowCodec.refund)
    }
}
