import Foundation
import GRDB
import Ledger

extension SQLiteLedgerStore {
    public func dayBreakdown(from: Date, to: Date) async throws -> [DayBreakdownRow] {
        try await read { db in try LedgerQueries.dayBreakdown(from: from, to: to, db) }
    }

    public func dayBlockers(from: Date, to: Date) async throws -> [DayBlocker] {
        try await read { db in try LedgerQueries.dayBlockers(from: from, to: to, db) }
    }

    public func paidDates(issuedFrom from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CivilDate] {
        try await read { db in
            try Int64.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT DISTINCT (paid_ms + ?) / 86400000 FROM invoices
                        WHERE issued_ms >= ? AND issued_ms < ? AND paid_ms IS NOT NULL ORDER BY 1
                        """),
                arguments: [Int64(utcOffsetSeconds) * 1000, from.ledgerMilliseconds, to.ledgerMilliseconds]
            ).map { CivilDate(daysSince1970: Int($0)) }
        }
    }

    public func closeDay(_ request: DayCloseRequest, sign: @escaping @Sendable ([UInt8]) throws -> String) async throws
        -> DayCloseOutcome
    {
        try request.actor.validate()
        return try await write { db, head in
            if let closed = try LedgerQueries.closedDay(request.date, db) { return .alreadyClosed(closed) }
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
                chainHead: head, keyID: request.keyID, signature: "")
            statement.signature = try sign(statement.signedBytes)
            try db.cachedStatement(
                sql: """
                    INSERT INTO closed_days (date, statement, closed_ms, from_ms, to_ms, closed_seq)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                "\(request.date)", statement.canonical.text, statement.closedAt.ledgerMilliseconds,
                statement.from.ledgerMilliseconds, statement.to.ledgerMilliseconds, head.sequence + 1,
            ])
            try LedgerRowCodec.append(.dayClosed(statement), at: statement.closedAt, db, head: &head)
            return .closed(statement)
        }
    }

    public func closedDay(_ date: CivilDate) async throws -> DailyStatement? {
        try await read { db in try LedgerQueries.closedDay(date, db) }
    }
}

extension LedgerQueries {
    static func closedDay(_ date: CivilDate, _ db: Database) throws -> DailyStatement? {
        try one("date, statement", from: "closed_days", where: "date", equals: "\(date)", db, LedgerRowCodec.closedDay)
    }

    static func dayBreakdown(from: Date, to: Date, _ db: Database) throws -> [DayBreakdownRow] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
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
                    """),
            arguments: [from.ledgerMilliseconds, to.ledgerMilliseconds])
        return try rows.map { row in
            let statusText: String = row["status"]
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
            }
            return DayBreakdownRow(
                zone: row["zone"], revenueLine: row["line"], deviceID: Device.ID(row["device_id"]), status: status,
                count: row["n"], amount: Rupiah(row["amount"]), mdr: Rupiah(row["mdr"]), net: Rupiah(row["net"]),
                partiallyRefunded: row["part_n"], partiallyRefundedAmount: Rupiah(row["part_amount"]))
        }
    }

    /// Exceptions about the day: those of its invoices, and those of no invoice paid that day.
    static let dayExceptions = """
        FROM exception_cases e LEFT JOIN invoices i ON i.id = e.invoice_id
        WHERE ((i.issued_ms >= ?1 AND i.issued_ms < ?2)
            OR (e.invoice_id IS NULL AND e.paid_ms >= ?1 AND e.paid_ms < ?2))
        """

    /// The day's exceptions counted by resolution code (`open` for the unresolved).
    static func dayExceptionCounts(from: Date, to: Date, _ db: Database) throws -> [String: Int64] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT COALESCE(e.resolution, 'open') AS state, COUNT(*) AS n \(dayExceptions) GROUP BY 1"),
            arguments: [from.ledgerMilliseconds, to.ledgerMilliseconds])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["state"], $0["n"]) })
    }

    static func dayBlockers(from: Date, to: Date, _ db: Database) throws -> [DayBlocker] {
        let window: StatementArguments = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        /// The blocker of `kind` for `ids` (all of them counted; the five smallest as examples).
        func blocker(_ kind: DayBlocker.Kind, _ ids: [String]) -> DayBlocker? {
            guard !ids.isEmpty else { return nil }
            return DayBlocker(kind: kind, count: Int64(ids.count), examples: Array(ids.sorted().prefix(5)))
        }
        // The day's invoices are read once for both invoice blockers (a count and an example query
        // per blocker read the range four times: 0.37 s for the console's day page at 100,000 invoices).
        var notFinal: [String] = []
        var notSettled: [String] = []
        let invoices = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT i.id, i.status = 'issued' FROM invoices i
                    WHERE i.issued_ms >= ? AND i.issued_ms < ? AND (i.status = 'issued'
                        OR (i.status IN ('paid', 'paid_late') AND NOT EXISTS (
                            SELECT 1 FROM exception_cases e WHERE e.invoice_id = i.id AND e.resolution IS NOT NULL)))
                    """), arguments: window)
        while let row = try invoices.next() {
            if row[1] as Bool { notFinal.append(row[0]) } else { notSettled.append(row[0]) }
        }
        let open = try String.fetchAll(db, sql: "SELECT e.id \(dayExceptions) AND e.resolution IS NULL", arguments: window)
        let incomplete = try String.fetchAll(
            db, sql: "SELECT settlement_id FROM settlement_applications WHERE completed_ms IS NULL AND withdrawn_ms IS NULL")
        return [
            blocker(.invoiceNotFinal, notFinal), blocker(.paidNotSettled, notSettled), blocker(.exceptionOpen, open),
            blocker(.settlementIncomplete, incomplete),
        ].compactMap { $0 }
    }
}

extension LedgerRowCodec {
    static func closedDay(_ row: Row) throws -> DailyStatement {
        let text: String = row["statement"]
        do {
            return try DailyStatement(canonical: try CanonicalJSON.parse(text))
        } catch {
            throw LedgerError(.storageFailure, "closed_days row \(row["date"] ?? "?") is not a statement: \(error)")
        }
    }
}
