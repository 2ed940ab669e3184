import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v5-refunds` (issue 14): refunds of payments made through the acquirer (`payment_refunds`,
    /// one row per `payment.refunded` event; several partial refunds per payment, never more than
    /// it), and an index to find the exceptions about a payment (a refund resolves them).
    static let v5Refunds = """
        CREATE TABLE payment_refunds (
            id TEXT PRIMARY KEY,
            payment_id TEXT NOT NULL REFERENCES payments(id),
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND \(maximumAmount)),
            reason TEXT NOT NULL,
            partner_refund_no TEXT NOT NULL,
            acquirer_reference TEXT NOT NULL,
            refunded_ms INTEGER NOT NULL,
            actor_device TEXT,
            actor_staff TEXT,
            idempotency_key TEXT NOT NULL UNIQUE
        ) WITHOUT ROWID;
        CREATE INDEX payment_refunds_by_payment ON payment_refunds(payment_id);
        CREATE INDEX payment_refunds_by_invoice ON payment_refunds(invoice_id);
        CREATE INDEX exception_cases_by_payment ON exception_cases(payment_id) WHERE payment_id IS NOT NULL;
        """
}
