import Foundation
import Ledger

package extension LedgerWrites {
    /// Closes a day in the caller's write (``LedgerStore/closeDay(_:sign:)``). The running totals the
    /// transaction's earlier writes moved are written first: the checks and the statement read them.
    static func closeDay(
        _ request: DayCloseRequest, sign: @Sendable ([UInt8]) throws -> String, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> DayCloseOutcome {
        if let closed = try LedgerQueries.closedDay(request.date, db) { return .alreadyClosed(closed) }
        try state.writeTotals(db)
        if let device = try LedgerQueries.actingDevice(request.actor, db), !device.mayCloseDays {
            throw LedgerError(
                .actorNotAllowed,
                "device \(device.id) (\(device.role.rawValue)) may not close days: only admins and supervisors "
                    + "enrolled without zones (the whole city)", field: "actor.device")
        }
        let blockers = try LedgerQueries.dayBlockers(from: request.from, to: request.to, db)
        guard blockers.isEmpty else { return .blocked(blockers) }
        let figures = try DailyStatement.figures(
            rows: try LedgerQueries.dayBreakdown(from: request.from, to: request.to, db),
            exceptions: try LedgerQueries.dayExceptionCounts(from: request.from, to: request.to, db),
            lateAdjustments: try LedgerQueries.lateEvents("booked_date", request.date, db))
        var statement = DailyStatement(
            date: request.date, cityID: request.cityID, timeZone: request.timeZone, from: request.from,
            to: request.to, closedAt: request.at.ledgerRounded, closedBy: request.actor, figures: figures,
            chainHead: state.chain, keyID: request.keyID, signature: "")
        statement.signature = try sign(statement.signedBytes)
        try db.execute(
            """
            INSERT INTO closed_days (date, statement, closed_ms, from_ms, to_ms, closed_seq)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                "\(request.date)", statement.canonical.text, statement.closedAt.ledgerMilliseconds,
                statement.from.ledgerMilliseconds, statement.to.ledgerMilliseconds, state.chain.sequence + 1,
            ])
        try LedgerRowCodec.append(.dayClosed(statement), at: statement.closedAt, db, state: &state)
        return .closed(statement)
    }
}

package extension LedgerQueries {
    static func closedDay(_ date: CivilDate, _ db: some SQLSession) throws -> DailyStatement? {
        try one("date, statement", from: "closed_days", where: "date", equals: "\(date)", db) {
            try LedgerRowCodec.closedDay($0)
        }
    }

    /// The day's invoice groups read from the invoice rows: for a range that is not whole hours, and
    /// what `ledger verify` checks the running totals against.
    static func dayBreakdownScan(from: Date, to: Date, _ db: some SQLSession) throws -> [DayBreakdownRow] {
        let rows = try db.rows(
            """
            SELECT COALESCE(t.zone, '-') AS zone,
                CASE WHEN i.fee_code IS NOT NULL THEN 'fee:' || i.fee_code
                     ELSE 'parking:' || COALESCE(t.vehicle_class, '-') END AS line,
                i.device_id, i.status, COUNT(*) AS n, SUM(i.amount) AS amount,
                COALESCE(SUM(s.mdr), 0) AS mdr, COALESCE(SUM(s.net), 0) AS net,
                COUNT(r.amount) AS part_n, COALESCE(SUM(r.amount), 0) AS part_amount
            FROM invoices i
            LEFT JOIN tickets t ON t.id = i.ticket_id
            LEFT JOIN invoice_settlements s ON s.invoice_id = i.id AND s.withdrawn_by IS NULL
            LEFT JOIN (
                SELECT r.invoice_id, SUM(r.amount) AS amount FROM payment_refunds r
                JOIN payments p ON p.id = r.payment_id WHERE p.effect <> 'extra' GROUP BY r.invoice_id
            ) r ON r.invoice_id = i.id AND i.status <> 'refunded'
            WHERE i.issued_ms >= ? AND i.issued_ms < ?
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            """, [from.ledgerMilliseconds, to.ledgerMilliseconds])
        return try rows.map { row in
            let statusText: String = (try row.get("status"))
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
            }
            return DayBreakdownRow(
                zone: (try row.get("zone")), revenueLine: (try row.get("line")),
                deviceID: Device.ID((try row.get("device_id"))), status: status,
                count: (try row.get("n")), amount: Rupiah((try row.get("amount"))), mdr: Rupiah((try row.get("mdr"))),
                net: Rupiah((try row.get("net"))),
                partiallyRefunded: (try row.get("part_n")),
                partiallyRefundedAmount: Rupiah((try row.get("part_amount"))))
        }
    }

    /// Exceptions about the day: those of its invoices, and those of no invoice paid that day.
    static let dayExceptions = """
        FROM exception_cases e LEFT JOIN invoices i ON i.id = e.invoice_id
        WHERE ((i.issued_ms >= ?1 AND i.issued_ms < ?2)
            OR (e.invoice_id IS NULL AND e.paid_ms >= ?1 AND e.paid_ms < ?2))
        """

    /// The day's exceptions counted by resolution code (`open` for the unresolved).
    static func dayExceptionCounts(from: Date, to: Date, _ db: some SQLSession) throws -> [String: Int64] {
        let rows = try db.rows(
            "SELECT COALESCE(e.resolution, 'open') AS state, COUNT(*) AS n \(dayExceptions) GROUP BY 1",
            [from.ledgerMilliseconds, to.ledgerMilliseconds])
        return Dictionary(uniqueKeysWithValues: try rows.map { ((try $0.get("state")), (try $0.get("n"))) })
    }

    /// The day's invoices still `issued`, and those paid but neither settled nor explained by a
    /// resolved exception: counted from the running totals, with up to five examples (the first
    /// issued; only the first hours that have any are read, and only until five are found).
    static func openInvoices(
        from: Date, to: Date, _ db: some SQLSession
    ) throws
        -> (notFinal: (count: Int64, examples: [String]), notSettled: (count: Int64, examples: [String]))
    {
        let hours = try db.rows(
            """
            SELECT hour_ms, status = 'issued', SUM(n) FROM invoice_totals
            WHERE hour_ms >= ? AND hour_ms < ? AND status IN ('issued', 'paid', 'paid_late')
            GROUP BY 1, 2 HAVING SUM(n) > 0 ORDER BY 1
            """, [from.ledgerMilliseconds, to.ledgerMilliseconds])
        let explained =
            try db.int64(
                """
                SELECT COUNT(DISTINCT i.id) FROM exception_cases e \(db.dialect.joinInOrder) invoices i ON i.id = e.invoice_id
                WHERE e.resolution IS NOT NULL AND i.issued_ms >= ? AND i.issued_ms < ?
                    AND i.status IN ('paid', 'paid_late')
                """, [from.ledgerMilliseconds, to.ledgerMilliseconds]) ?? 0
        var notFinal: (count: Int64, examples: [String]) = (0, [])
        var notSettled: (count: Int64, examples: [String]) = (-explained, [])
        for row in hours {
            let isIssued: Bool = (try row.get(1))
            let count: Int64 = (try row.get(2))
            if isIssued { notFinal.count += count } else { notSettled.count += count }
        }
        /// Up to five ids of `condition`, the first issued of the first hours that have any (a busy
        /// hour is read only until they are found).
        func examples(_ issued: Bool, _ condition: String) throws -> [String] {
            var found: [String] = []
            for row in hours where ((try row.get(1)) as Bool) == issued && found.count < 5 {
                let hour: Int64 = (try row.get(0))
                found += try db.strings(
                    """
                    SELECT i.id FROM invoices i WHERE i.issued_ms >= ? AND i.issued_ms < ? AND \(condition)
                    ORDER BY i.issued_ms LIMIT ?
                    """, [hour, hour + 3_600_000, 5 - found.count])
            }
            return found
        }
        if notFinal.count > 0 { notFinal.examples = try examples(true, "i.status = 'issued'") }
        if notSettled.count > 0 {
            notSettled.examples = try examples(
                false,
                """
                i.status IN ('paid', 'paid_late') AND NOT EXISTS (
                    SELECT 1 FROM exception_cases e WHERE e.invoice_id = i.id AND e.resolution IS NOT NULL)
                """)
        }
        return (notFinal, notSettled)
    }

    /// ``openInvoices(from:to:_:)`` read from the day's invoice rows: for a range that is not whole hours.
    static func openInvoicesScan(
        from: Date, to: Date, _ db: some SQLSession
    ) throws
        -> (notFinal: (count: Int64, examples: [String]), notSettled: (count: Int64, examples: [String]))
    {
        // The day's invoices are read once for both invoice blockers.
        var notFinal: [String] = []
        var notSettled: [String] = []
        try db.each(
            """
            SELECT i.id, i.status = 'issued' FROM invoices i
            WHERE i.issued_ms >= ? AND i.issued_ms < ? AND (i.status = 'issued'
                OR (i.status IN ('paid', 'paid_late') AND NOT EXISTS (
                    SELECT 1 FROM exception_cases e WHERE e.invoice_id = i.id AND e.resolution IS NOT NULL)))
            """,
            [from.ledgerMilliseconds, to.ledgerMilliseconds]
        ) { row in
            if (try row.get(1)) as Bool {
                notFinal.append((try row.get(0)))
            } else {
                notSettled.append((try row.get(0)))
            }
        }
        return (
            (Int64(notFinal.count), Array(notFinal.sorted().prefix(5))),
            (Int64(notSettled.count), Array(notSettled.sorted().prefix(5)))
        )
    }

    static func dayBlockers(from: Date, to: Date, _ db: some SQLSession) throws -> [DayBlocker] {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        /// The blocker of `kind` for `ids` (all of them counted; the five smallest as examples).
        func blocker(_ kind: DayBlocker.Kind, _ ids: [String]) -> DayBlocker? {
            guard !ids.isEmpty else { return nil }
            return DayBlocker(kind: kind, count: Int64(ids.count), examples: Array(ids.sorted().prefix(5)))
        }
        func blocker(_ kind: DayBlocker.Kind, _ counted: (count: Int64, examples: [String])) -> DayBlocker? {
            guard counted.count > 0 else { return nil }
            return DayBlocker(kind: kind, count: counted.count, examples: counted.examples)
        }
        let (notFinal, notSettled) =
            try wholeHours(from, to)
            ? openInvoices(from: from, to: to, db) : openInvoicesScan(from: from, to: to, db)
        let open = try db.strings("SELECT e.id \(dayExceptions) AND e.resolution IS NULL", window)
        let incomplete = try db.strings(
            "SELECT settlement_id FROM settlement_applications WHERE completed_ms IS NULL AND withdrawn_ms IS NULL"
        )
        return [
            blocker(.invoiceNotFinal, notFinal), blocker(.paidNotSettled, notSettled), blocker(.exceptionOpen, open),
            blocker(.settlementIncomplete, incomplete),
        ].compactMap { $0 }
    }
}

package extension LedgerRowCodec {
    static func closedDay(_ row: some PositionalRow) throws -> DailyStatement {
        let text = try row.text("statement")
        do {
            return try DailyStatement(canonical: try CanonicalJSON.parse(text))
        } catch {
            throw LedgerError(
                .storageFailure, "closed_days row \((try? row.text("date")) ?? "?") is not a statement: \(error)")
        }
    }
}
