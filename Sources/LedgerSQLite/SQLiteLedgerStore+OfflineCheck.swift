import Foundation
import Ledger
import LedgerSQL

extension SQLiteLedgerStore {
    /// Invoices and tickets marked `offline` are exactly those an accepted offline record made.
    static func checkOfflineSources(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        for (table, column) in [("invoices", "invoice_id"), ("tickets", "ticket_id")] {
            let strays = try db.rows(
                """
                SELECT id, source FROM \(table) t
                WHERE (source = 'offline') <> EXISTS (SELECT 1 FROM offline_records o WHERE o.\(column) = t.id
                    AND (o.operation IN ('issue', 'open') OR '\(table)' = 'invoices'))
                """)
            for row in strays {
                verifier.unreadableRow(
                    table: table, id: (try row.get("id")),
                    "source is \((try row.get("source")) ?? "?") but \(try row.optionalText("source") == "offline" ? "no" : "an") offline record made it"
                )
            }
        }
    }
}
