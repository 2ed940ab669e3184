import Foundation
import Ledger

extension SQLLedgerStore {
    public func invoicesForMatching(
        issuedFrom from: Date, to: Date, after cursor: InvoiceMatchingRow.Cursor?, limit: Int
    ) async throws -> [InvoiceMatchingRow] {
        // Every id is longer than "", so (from, "") starts the window at `from` itself.
        let start = cursor ?? InvoiceMatchingRow.Cursor(issuedMilliseconds: from.ledgerMilliseconds, id: Invoice.ID(""))
        let end = to.ledgerMilliseconds
        let limit = max(1, limit)
        return try await read { db in
            // Walks `invoices_by_issue` (issue time, then the primary key id) from the cursor on: no
            // sort, and each page costs the same wherever it starts.
            var page: [InvoiceMatchingRow] = []
            page.reserveCapacity(limit)
            try db.each(
                LedgerQueries.matchingSQL(db.dialect), [start.issuedMilliseconds, start.id.rawValue, end, limit]
            ) { row in page.append(try LedgerQueries.matchingRow(row)) }
            return page
        }
    }

}

extension LedgerQueries {
    /// The page query: it walks `invoices_by_issue` (issue time, then the primary key id) from the
    /// cursor on — SQLite is told to (`INDEXED BY`); PostgreSQL's planner chooses for itself.
    package static func matchingSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT i.id, i.bill_number, i.kind, i.amount, i.qris_payload, i.status, i.issued_ms, i.expires_ms,
            i.device_id, i.fee_code, t.zone, i.paid_ms, p.rrn, p.paid_ms
        FROM invoices i \(dialect == .sqlite ? "INDEXED BY invoices_by_issue" : "")
        LEFT JOIN tickets t ON t.id = i.ticket_id
        LEFT JOIN payments p ON p.id = (
            SELECT id FROM payments WHERE invoice_id = i.id
            ORDER BY effect = 'extra', recorded_ms, id LIMIT 1)
        WHERE (i.issued_ms, i.id) > (?, ?) AND i.issued_ms < ?
        ORDER BY i.issued_ms, i.id
        LIMIT ?
        """
    }

    /// Decodes one row of the query above by column position.
    package static func matchingRow(_ row: some PositionalRow) throws -> InvoiceMatchingRow {
        let bill: String = (try row.get(1))
        let kind: String = (try row.get(2))
        let status: String = (try row.get(5))
        guard let billNumber = try? BillNumber(bill), let invoiceKind = Invoice.Kind(rawValue: kind),
            let invoiceStatus = InvoiceStatus(rawValue: status)
        else {
            throw LedgerError(
                .storageFailure,
                "invoices row \((try row.get(0)) as String? ?? "-") holds a bill number, kind or status no ledger event produces"
            )
        }
        return InvoiceMatchingRow(
            id: Invoice.ID((try row.get(0)) as String), billNumber: billNumber, kind: invoiceKind,
            amount: Rupiah((try row.get(3)) as Int64),
            qrisPayload: (try row.get(4)), status: invoiceStatus, issuedAt: Date(ledgerMilliseconds: (try row.get(6))),
            expiresAt: Date(ledgerMilliseconds: (try row.get(7))), deviceID: Device.ID((try row.get(8)) as String),
            feeCode: (try row.get(9)),
            ticketZone: (try row.get(10)), paidAt: ((try row.get(11)) as Int64?).map(Date.init(ledgerMilliseconds:)),
            paymentRRN: (try row.get(12)),
            paymentPaidAt: ((try row.get(13)) as Int64?).map(Date.init(ledgerMilliseconds:)))
    }
}
