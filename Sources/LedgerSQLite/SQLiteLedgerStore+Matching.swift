import Foundation
import GRDB
import Ledger
import LedgerSQL

extension SQLiteLedgerStore {
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
            let statement = try db.cachedStatement(
                sql: """
                    SELECT i.id, i.bill_number, i.kind, i.amount, i.qris_payload, i.status, i.issued_ms, i.expires_ms,
                        i.device_id, i.fee_code, t.zone, i.paid_ms, p.rrn, p.paid_ms
                    FROM invoices i INDEXED BY invoices_by_issue
                    LEFT JOIN tickets t ON t.id = i.ticket_id
                    LEFT JOIN payments p ON p.id = (
                        SELECT id FROM payments WHERE invoice_id = i.id
                        ORDER BY effect = 'extra', recorded_ms, id LIMIT 1)
                    WHERE (i.issued_ms, i.id) > (?, ?) AND i.issued_ms < ?
                    ORDER BY i.issued_ms, i.id
                    LIMIT ?
                    """)
            let rows = try Row.fetchCursor(
                statement, arguments: [start.issuedMilliseconds, start.id.rawValue, end, limit])
            var page: [InvoiceMatchingRow] = []
            page.reserveCapacity(limit)
            while let row = try rows.next() { page.append(try Self.matchingRow(row)) }
            return page
        }
    }

    /// Decodes one row of the query above by column position.
    private static func matchingRow(_ row: Row) throws -> InvoiceMatchingRow {
        let bill: String = row[1]
        let kind: String = row[2]
        let status: String = row[5]
        guard let billNumber = try? BillNumber(bill), let invoiceKind = Invoice.Kind(rawValue: kind),
            let invoiceStatus = InvoiceStatus(rawValue: status)
        else {
            throw LedgerError(
                .storageFailure,
                "invoices row \(row[0] as String? ?? "-") holds a bill number, kind or status no ledger event produces")
        }
        return InvoiceMatchingRow(
            id: Invoice.ID(row[0] as String), billNumber: billNumber, kind: invoiceKind,
            amount: Rupiah(row[3] as Int64),
            qrisPayload: row[4], status: invoiceStatus, issuedAt: Date(ledgerMilliseconds: row[6]),
            expiresAt: Date(ledgerMilliseconds: row[7]), deviceID: Device.ID(row[8] as String), feeCode: row[9],
            ticketZone: row[10], paidAt: (row[11] as Int64?).map(Date.init(ledgerMilliseconds:)), paymentRRN: row[12],
            paymentPaidAt: (row[13] as Int64?).map(Date.init(ledgerMilliseconds:)))
    }
}
