import Foundation
import Ledger

package extension LedgerQueries {
    /// The daily report's totals read from the day's rows: for a range that is not whole hours.
    static func dailyTotalsScan(from: Date, to: Date, _ db: some SQLSession) throws -> DailyTotals {
        let tickets = try LedgerQueries.fetchAll(
            """
            SELECT \(LedgerRowCodec.ticketColumns) FROM tickets
            WHERE entry_ms >= ? AND entry_ms < ? AND (invoice_id IS NULL OR exit_ms IS NOT NULL)
            """,
            from: from, to: to, LedgerRowCodec.ticket, db)
        let payments = try LedgerQueries.fetchAll(
            "SELECT \(LedgerRowCodec.paymentColumns) FROM payments WHERE paid_ms >= ? AND paid_ms < ?",
            from: from, to: to, LedgerRowCodec.payment, db)
        var before: [Device.ID: Int64] = [:]
        let rows = try db.rows(
            """
            SELECT device_id, MAX(sequence) AS last FROM (
                SELECT device_id, sequence FROM invoices WHERE issued_ms < ?
                UNION ALL SELECT device_id, sequence FROM tickets
                WHERE entry_ms < ? AND (invoice_id IS NULL OR exit_ms IS NOT NULL)
            ) AS used GROUP BY device_id
            """, [from.ledgerMilliseconds, from.ledgerMilliseconds])
        for row in rows {
            before[Device.ID(try row.get("device_id"))] = try row.get("last")
        }
        return try DailyTotals.build(
            from: from, to: to, invoices: try LedgerQueries.invoices(from: from, to: to, db),
            openedTickets: tickets,
            payments: payments, exceptions: try LedgerQueries.exceptions(from: from, to: to, db),
            sequenceBefore: before)
    }
}

package extension LedgerQueries {
    static func invoices(from: Date, to: Date, _ db: some SQLSession) throws -> [Invoice] {
        try fetchAll(
            """
            SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices
            WHERE issued_ms >= ? AND issued_ms < ? ORDER BY issued_ms, device_id, sequence
            """,
            from: from, to: to, LedgerRowCodec.invoice, db)
    }

    /// The rows of a query whose two parameters are the half-open range [`from`, `to`) in ledger
    /// milliseconds, each decoded by `decode`.
    static func fetchAll<T>(
        _ sql: String, from: Date, to: Date, _ decode: (SQLRow) throws -> T, _ db: some SQLSession
    ) throws -> [T] {
        try db.rows(sql, [from.ledgerMilliseconds, to.ledgerMilliseconds]).map(decode)
    }

    static func exceptions(from: Date, to: Date, _ db: some SQLSession) throws -> [PaymentException] {
        try fetchAll(
            """
            SELECT \(LedgerRowCodec.exceptionColumns) FROM payment_exceptions
            WHERE paid_ms >= ? AND paid_ms < ? ORDER BY paid_ms, id
            """,
            from: from, to: to, LedgerRowCodec.exception, db)
    }

    static func internalError(_ message: String) -> LedgerError {
        LedgerError(.storageFailure, message)
    }
}
