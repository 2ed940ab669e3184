import Foundation
import GRDB
import Ledger
import LedgerSQL

extension SQLiteLedgerStore {
    /// The running totals (migration v16) are sums of rows `verify` has just checked: each table is
    /// rebuilt from those rows (``TotalsScan``) and every row that differs, either way, is reported
    /// (a row of zeros is no row: a total moved back to nothing).
    static func checkTotals(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        let tables: [(table: String, columns: String, measures: [String], scan: String)] = [
            (
                "invoice_totals", "hour_ms, device_id, zone, line, status, n, amount, mdr, net",
                ["n", "amount", "mdr", "net"],
                TotalsScan.invoices
            ),
            ("payment_totals", "hour_ms, effect, n, amount", ["n", "amount"], TotalsScan.payments),
            ("paid_hours", "hour_ms, paid_hour_ms, n", ["n"], TotalsScan.paidHours),
            (
                "device_hours", "device_id, hour_ms, numbers, low, high, tickets, voided",
                ["numbers", "tickets", "voided"],
                TotalsScan.deviceHours
            ),
        ]
        for (table, columns, measures, scan) in tables {
            let stored =
                "SELECT \(columns) FROM \(table) WHERE NOT (\(measures.map { "\($0) = 0" }.joined(separator: " AND ")))"
            // Each side in its own subquery: compound operators bind left to right, and a scan is a UNION ALL.
            let rebuilt = "SELECT * FROM (\(scan)) AS rebuilt"
            for (label, sql) in [
                ("the rows sum to a total this table lacks or holds otherwise", "\(rebuilt) EXCEPT \(stored)"),
                ("a total the rows do not sum to", "\(stored) EXCEPT \(rebuilt)"),
            ] {
                let rows = try db.rows("SELECT * FROM (\(sql)) AS differing LIMIT 20")
                for row in rows {
                    let values = row.values.map { "\($0)" }.joined(separator: " ")
                    verifier.unreadableRow(table: table, id: values, label)
                }
            }
        }
    }
}
