import Foundation
import Ledger

// A day's figures from the running totals (`invoice_totals`, `payment_totals`, `device_hours`,
// migration v16): a few rows per device and hour, so the daily report, the statement, the journal
// and the console's day page cost the same on a day of a million invoices as on a quiet one. A
// range that is not whole UTC hours (only tests and odd zones ask for one) is read from the rows.
package extension LedgerQueries {
    private static let hourMilliseconds: Int64 = 3_600_000

    /// Whether `[from, to)` is whole UTC hours, the grain of the running totals.
    static func wholeHours(_ from: Date, _ to: Date) -> Bool {
        from.ledgerMilliseconds % hourMilliseconds == 0 && to.ledgerMilliseconds % hourMilliseconds == 0
    }

    /// The day's invoice groups (see ``DayBreakdownRow``). A group's partial refunds are carried by
    /// its first row whose invoices are not `refunded` (the statement sums them over statuses).
    static func dayBreakdown(from: Date, to: Date, _ db: some SQLSession) throws -> [DayBreakdownRow] {
        guard wholeHours(from, to) else { return try dayBreakdownScan(from: from, to: to, db) }
        let rows = try db.rows(
            """
            SELECT zone, line, device_id, status, SUM(n), SUM(amount), SUM(mdr), SUM(net)
            FROM invoice_totals WHERE hour_ms >= ? AND hour_ms < ?
            GROUP BY 1, 2, 3, 4 HAVING SUM(n) > 0 ORDER BY 1, 2, 3, 4
            """, [from.ledgerMilliseconds, to.ledgerMilliseconds])
        var result: [DayBreakdownRow] = []
        var partial: [BreakdownGroup: (count: Int64, amount: Int64)] = [:]
        for row in rows {
            let group = BreakdownGroup(zone: (try row.get(0)), line: (try row.get(1)), device: (try row.get(2)))
            let statusText: String = (try row.get(3))
            if statusText == TotalsDelta.partlyRefunded {
                partial[group] = ((try row.get(4)), (try row.get(5)))
                continue
            }
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoice_totals.status holds \(statusText)")
            }
            result.append(
                DayBreakdownRow(
                    zone: group.zone, revenueLine: group.line, deviceID: Device.ID(group.device), status: status,
                    count: (try row.get(4)), amount: Rupiah((try row.get(5)) as Int64),
                    mdr: Rupiah((try row.get(6)) as Int64),
                    net: Rupiah((try row.get(7)) as Int64)))
        }
        for (group, sums) in partial {
            guard
                let index = result.firstIndex(where: {
                    $0.zone == group.zone && $0.revenueLine == group.line && $0.deviceID.rawValue == group.device
                        && $0.status != .refunded
                })
            else {
                throw LedgerError(
                    .storageFailure,
                    "invoice_totals: partial refunds of \(group) but none of its invoices stays unrefunded")
            }
            result[index].partiallyRefunded = sums.count
            result[index].partiallyRefundedAmount = Rupiah(sums.amount)
        }
        return result
    }

    /// The day's totals for the daily report (``DailyTotals``).
    static func dailyTotals(from: Date, to: Date, _ db: some SQLSession) throws -> DailyTotals {
        guard wholeHours(from, to) else { return try dailyTotalsScan(from: from, to: to, db) }
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        var totals = DailyTotals(from: from, to: to)
        var days: [Device.ID: DailyTotals.DeviceDay] = [:]
        func add(_ tally: inout Tally, _ count: Int64, _ amount: Int64, _ what: String) throws {
            tally.count += Int(count)
            tally.amount = try tally.amount.adding(Rupiah(amount), what: "daily report: \(what)")
        }
        let invoices = try db.rows(
            """
            SELECT device_id, substr(line, 1, \(db.dialect.position(of: "':'", in: "line")) - 1), status, SUM(n), SUM(amount)
            FROM invoice_totals WHERE hour_ms >= ? AND hour_ms < ? AND status <> 'partly_refunded'
            GROUP BY 1, 2, 3 HAVING SUM(n) > 0
            """, window)
        for row in invoices {
            let device = Device.ID((try row.get(0)) as String)
            let kindText: String = (try row.get(1))
            guard let kind = Invoice.Kind(rawValue: kindText) else {
                throw LedgerError(.storageFailure, "invoice_totals.line names kind \(kindText)")
            }
            let count: Int64 = (try row.get(3))
            let amount: Int64 = (try row.get(4))
            try add(&totals.issued, count, amount, "invoices issued")
            try add(&totals.issuedByKind[kind, default: Tally()], count, amount, "\(kind.rawValue) invoices issued")
            switch (try row.get(2)) as String {
            case InvoiceStatus.issued.rawValue: try add(&totals.outstanding, count, amount, "outstanding")
            case InvoiceStatus.expired.rawValue: try add(&totals.expired, count, amount, "expired")
            case InvoiceStatus.cancelled.rawValue: try add(&totals.cancelled, count, amount, "cancelled")
            default: break
            }
            try add(
                &days[device, default: DailyTotals.DeviceDay(deviceID: device)].issued, count, amount,
                "issued by device \(device)")
        }
        let payments = try db.rows(
            "SELECT effect, SUM(n), SUM(amount) FROM payment_totals WHERE hour_ms >= ? AND hour_ms < ? GROUP BY 1",
            window)
        for row in payments {
            switch (try row.get(0)) as String {
            case Payment.Effect.paid.rawValue: try add(&totals.paid, (try row.get(1)), (try row.get(2)), "paid")
            case Payment.Effect.paidLate.rawValue:
                try add(&totals.paidLate, (try row.get(1)), (try row.get(2)), "paid late")
            case Payment.Effect.extra.rawValue:
                try add(&totals.extraPayments, (try row.get(1)), (try row.get(2)), "extra payments")
            case let other: throw LedgerError(.storageFailure, "payment_totals.effect holds \(other)")
            }
        }
        for exception in try LedgerQueries.exceptions(from: from, to: to, db) {
            if let amount = exception.amount {
                try totals.exceptions.add(amount, what: "daily report: payment exceptions")
            } else {
                totals.exceptions.addWithoutAmount()
            }
        }
        try deviceNumbers(from: from, to: to, into: &days, db)
        totals.devices = days.values.sorted { $0.deviceID < $1.deviceID }
        return totals
    }

    /// Each device's tickets, voids, first and last number and gaps in the day. A device whose
    /// numbers in the day are exactly those after its last one before the day has no gap: only a
    /// device with a gap (a possible leak) has its numbers read.
    private static func deviceNumbers(
        from: Date, to: Date, into days: inout [Device.ID: DailyTotals.DeviceDay], _ db: some SQLSession
    ) throws {
        let rows = try db.rows(
            """
            SELECT d.device_id, SUM(d.numbers), MIN(d.low), MAX(d.high), SUM(d.tickets), SUM(d.voided),
                (SELECT MAX(b.high) FROM device_hours b WHERE b.device_id = d.device_id AND b.hour_ms < ?1)
            FROM device_hours d WHERE d.hour_ms >= ?1 AND d.hour_ms < ?2
            GROUP BY d.device_id HAVING SUM(d.numbers) > 0
            """, [from.ledgerMilliseconds, to.ledgerMilliseconds])
        var gapped: [Device.ID: Int64] = [:]
        for row in rows {
            let device = Device.ID((try row.get(0)) as String)
            let numbers: Int64 = (try row.get(1))
            let low: Int64 = (try row.get(2))
            let high: Int64 = (try row.get(3))
            let before: Int64 = (try row.get(6)) ?? 0
            var day = days[device] ?? DailyTotals.DeviceDay(deviceID: device)
            day.ticketsOpened = Int((try row.get(4)) as Int64)
            day.ticketsVoided = Int((try row.get(5)) as Int64)
            day.sequenceRange = low...high
            if low <= before || numbers != high - before { gapped[device] = before }
            days[device] = day
        }
        guard !gapped.isEmpty else { return }
        let used = try numbers(of: gapped.keys.map(\.rawValue), from: from, to: to, db)
        for (device, before) in gapped {
            days[device]?.sequenceGaps = DailyTotals.gaps(in: Set(used[device.rawValue] ?? []), after: before)
        }
    }

    /// The sequence numbers `devices` used in `[from, to)`: the invoices they issued and the hourly
    /// tickets they opened (a flat ticket shares its invoice's number), by device.
    static func numbers(of devices: [String], from: Date, to: Date, _ db: some SQLSession) throws -> [String: [Int64]] {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        let list = Array(repeating: "?", count: devices.count).joined(separator: ", ")
        var used: [String: [Int64]] = [:]
        try db.each(
            """
            SELECT device_id, sequence FROM invoices
            WHERE issued_ms >= ? AND issued_ms < ? AND device_id IN (\(list))
            UNION ALL
            SELECT device_id, sequence FROM tickets WHERE entry_ms >= ? AND entry_ms < ?
                AND (invoice_id IS NULL OR exit_ms IS NOT NULL) AND device_id IN (\(list))
            """,
            window + devices + window + devices
        ) { row in used[(try row.get(0)), default: []].append((try row.get(1))) }
        return used
    }
}

/// A day breakdown's group (zone, revenue line, device), for folding partial refunds into it.
private struct BreakdownGroup: Hashable {
    package var zone: String
    package var line: String
    package var device: String
}
