import Foundation
import Ledger

/// What `verify` checks beyond the replay: copies and derivations kept beside the events' records.
extension LedgerVerification {
    /// The bounds and `day.closed` sequence kept beside each statement (to book late events) are
    /// copies of the statement's: a row whose copies were edited would book to the wrong day.
    static func checkClosedDayBounds(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        let dialect = db.dialect
        let from = "CAST(\(dialect.jsonText("statement", "from")) AS BIGINT)"
        let to = "CAST(\(dialect.jsonText("statement", "to")) AS BIGINT)"
        let head = "CAST(\(dialect.jsonText("statement", "chainHead", "sequence")) AS BIGINT)"
        try db.each(
            """
            SELECT date FROM closed_days
            WHERE from_ms IS DISTINCT FROM \(from) OR to_ms IS DISTINCT FROM \(to)
                OR closed_seq IS DISTINCT FROM \(head) + 1
            ORDER BY \(dialect.byteOrder("date"))
            """
        ) { row in
            verifier.unreadableRow(
                table: "closed_days", id: try row.text(0), "from_ms, to_ms or closed_seq differ from the statement's")
        }
    }

    /// Invoices and tickets marked `offline` are exactly those an accepted offline record made.
    package static func checkOfflineSources(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        for (table, column) in [("invoices", "invoice_id"), ("tickets", "ticket_id")] {
            try db.each(
                """
                SELECT id, source FROM \(table) t
                WHERE (source = 'offline') <> EXISTS (SELECT 1 FROM offline_records o WHERE o.\(column) = t.id
                    AND (o.operation IN ('issue', 'open') OR '\(table)' = 'invoices'))
                ORDER BY \(db.dialect.byteOrder("id"))
                """
            ) { row in
                let source = try row.optionalText(1)
                verifier.unreadableRow(
                    table: table, id: try row.text(0),
                    "source is \(source ?? "?") but \(source == "offline" ? "no" : "an") offline record made it")
            }
        }
    }

    /// The citizen's words and photo are outside the chain, but the filing holds their SHA-256:
    /// content edited (or removed) behind the ledger's back no longer matches it.
    static func checkComplaintContents(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        try db.each(
            """
            SELECT c.number, c.state, c.zone, c.device_id, c.filed_ms, c.record, t.number AS content_number, \
            t.description, t.contact, t.photo, t.photo_type
            FROM complaints c LEFT JOIN complaint_contents t ON t.number = c.number
            ORDER BY \(db.dialect.byteOrder("c.number"))
            """
        ) { row in
            let number = try row.text("number")
            guard let complaint = try? LedgerRowCodec.complaint(row) else { return }  // named unreadable by the comparison
            guard try row.optionalText("content_number") != nil else {
                verifier.unreadableRow(table: "complaint_contents", id: number, "the complaint's content is missing")
                return
            }
            let content = ComplaintContent(
                description: try row.text("description"), contact: try row.optionalText("contact"),
                photo: try row.get("photo", as: Data?.self), photoType: try row.optionalText("photo_type"))
            if content.digest != complaint.filing.contentSHA256 {
                verifier.unreadableRow(
                    table: "complaint_contents", id: number,
                    "the content does not match the SHA-256 its complaint.filed event holds")
            }
        }
    }

    /// A receipt's short code is derived from its bill number (``Ledger/ReceiptShortCode``); a stored
    /// one that differs was written behind the ledger's back and would lead a citizen to another
    /// invoice. Only an invoice from before `v9-shift` that lost a tie may have none: one without,
    /// whose code no other invoice holds, lost it behind the ledger's back (a citizen's typed code
    /// would find nothing).
    static func checkShortCodes(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
        try db.each(
            "SELECT id, bill_number, short_code FROM invoices ORDER BY \(db.dialect.byteOrder("id"))"
        ) { row in
            guard let billNumber = try? BillNumber(try row.text(1)) else { return }  // the comparison names it
            let derived = ReceiptShortCode(billNumber: billNumber).text
            guard let stored = try row.optionalText(2) else {
                let held = try db.bool("SELECT EXISTS (SELECT 1 FROM invoices WHERE short_code = ?)", [derived])
                if held != true {
                    verifier.unreadableRow(
                        table: "invoices", id: try row.text(0),
                        "has no short code, though no other invoice holds the one its bill number derives")
                }
                return
            }
            if derived != stored {
                verifier.unreadableRow(
                    table: "invoices", id: try row.text(0), "the short code is not the one its bill number derives")
            }
        }
    }

    /// The running totals (migration v16) are sums of rows `verify` has just checked: each table is
    /// rebuilt from those rows (``TotalsScan``) and every row that differs, either way, is reported
    /// (a row of zeros is no row: a total moved back to nothing).
    package static func checkTotals(_ verifier: inout LedgerVerifier, _ db: some SQLSession) throws {
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
        let labels = [
            "the rows sum to a total this table lacks or holds otherwise", "a total the rows do not sum to",
        ]
        for (table, columns, measures, scan) in tables {
            let stored =
                "SELECT \(columns) FROM \(table) WHERE NOT (\(measures.map { "\($0) = 0" }.joined(separator: " AND ")))"
            // The scan runs once (MATERIALIZED), for both differences: it reads every invoice. Each
            // side in its own subquery: compound operators bind left to right, and a scan is a UNION ALL.
            let sql = """
                WITH rebuilt (\(columns)) AS MATERIALIZED (\(scan)), stored AS (\(stored))
                SELECT * FROM (SELECT 0 AS side, * FROM (SELECT * FROM rebuilt EXCEPT SELECT * FROM stored) AS lacking
                    LIMIT 20) AS lacking_rows
                UNION ALL
                SELECT * FROM (SELECT 1 AS side, * FROM (SELECT * FROM stored EXCEPT SELECT * FROM rebuilt) AS extra
                    LIMIT 20) AS extra_rows
                """
            let rows = try db.rows(sql, [])
            for side in 0..<2 {
                for row in rows where row.values.first == .integer(Int64(side)) {
                    let values = row.values.dropFirst().map { "\($0)" }.joined(separator: " ")
                    verifier.unreadableRow(table: table, id: values, labels[side])
                }
            }
        }
    }
}
