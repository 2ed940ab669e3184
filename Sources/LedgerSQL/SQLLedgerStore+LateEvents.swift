import Foundation
import Ledger

extension SQLLedgerStore {
    public func lateEvents(bookedOn date: CivilDate) async throws -> [LateEvent] {
        try await read { db in try LedgerQueries.lateEvents("booked_date", date, db) }
    }

    public func lateEvents(about date: CivilDate) async throws -> [LateEvent] {
        try await read { db in try LedgerQueries.lateEvents("closed_date", date, db) }
    }

    public func refunds(issuedFrom from: Date, to: Date) async throws -> [PaymentRefund] {
        try await fetchAll(
            """
            SELECT \(LedgerRowCodec.refundColumns) FROM payment_refunds
            WHERE invoice_id IN (
                -- From the refunds to their invoices (CROSS JOIN keeps that order): the refunds are
                -- few, a busy day's invoices a million.
                SELECT i.id FROM payment_refunds r \(dialect.joinInOrder) invoices i ON i.id = r.invoice_id
                WHERE i.issued_ms >= ? AND i.issued_ms < ?)
            ORDER BY refunded_ms, id
            """, arguments: [from.ledgerMilliseconds, to.ledgerMilliseconds], LedgerRowCodec.refund)
    }
}
