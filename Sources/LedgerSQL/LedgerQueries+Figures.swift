import Foundation
import Ledger

package extension LedgerQueries {
    /// The length of the hour buckets the queries group by, in ledger milliseconds.
    private static let hourMilliseconds: Int64 = 3_600_000

    static func dayFigures(from: Date, to: Date, in timeZone: CityTimeZone, _ db: some SQLSession) throws -> DayFigures
    {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        // Hours are counted from the day's first instant (local midnight) and read on the city's clock
        // afterwards, so a zone with a daylight-saving change still lands each bucket on its local hour.
        // Whole hours come from the running totals (a busy day costs what a quiet one does).
        let invoices = try db.rows(
            wholeHours(from, to)
                ? """
                SELECT zone, (hour_ms - ?1) / \(hourMilliseconds) AS bucket, status, SUM(n) AS n, SUM(amount) AS amount
                FROM invoice_totals WHERE hour_ms >= ?1 AND hour_ms < ?2 AND status <> 'partly_refunded'
                GROUP BY 1, 2, 3 HAVING SUM(n) > 0
                """
                : """
                SELECT COALESCE(t.zone, '-') AS zone, (i.issued_ms - ?1) / \(hourMilliseconds) AS bucket,
                    i.status, COUNT(*) AS n, SUM(i.amount) AS amount
                FROM invoices i LEFT JOIN tickets t ON t.id = i.ticket_id
                WHERE i.issued_ms >= ?1 AND i.issued_ms < ?2
                GROUP BY 1, 2, 3
                """, window)
        let exceptions = try db.rows(
            """
            SELECT COALESCE((SELECT zone FROM tickets WHERE id = i.ticket_id), '-') AS zone,
                (COALESCE(i.issued_ms, e.paid_ms) - ?1) / \(hourMilliseconds) AS bucket,
                NULL AS status, COUNT(*) AS n, COALESCE(SUM(e.amount), 0) AS amount
            \(dayExceptions) AND e.resolution IS NULL
            GROUP BY 1, 2
            """, window)
        var hours: [Int64: Int] = [:]
        func hour(_ bucket: Int64) -> Int {
            if let known = hours[bucket] { return known }
            let start = Date(timeIntervalSince1970: from.timeIntervalSince1970 + Double(bucket) * 3600)
            let local = timeZone.local(start).secondOfDay / 3600
            hours[bucket] = local
            return local
        }
        let groups = try (invoices + exceptions).map { row in
            let statusText: String? = try row.get("status")
            var status: InvoiceStatus?
            if let statusText {
                guard let known = InvoiceStatus(rawValue: statusText) else {
                    throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
                }
                status = known
            }
            return DayFigures.Group(
                zone: try row.get("zone"), hour: hour(try row.int64("bucket")),
                status: status, count: try row.get("n"),
                amount: Rupiah(try row.int64("amount")))
        }
        return try DayFigures.build(from: from, to: to, groups: groups)
    }

    static func deviceActivity(from: Date, to: Date, _ db: some SQLSession) throws -> [DeviceActivity] {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        let devices = try db.rows(
            "SELECT \(LedgerRowCodec.deviceColumns(db.dialect)) FROM devices ORDER BY id"
        ).map(LedgerRowCodec.device)
        var activity: [Device.ID: DeviceActivity] = [:]
        for device in devices { activity[device.id] = DeviceActivity(device: device) }
        func entry(_ id: Device.ID) throws -> DeviceActivity {
            guard let known = activity[id] else {
                throw LedgerError(.storageFailure, "a row of the day names device \(id), which is not enrolled")
            }
            return known
        }
        var active: Set<Device.ID> = []
        let sums =
            try wholeHours(from, to) ? deviceDays(from: from, to: to, db) : deviceDaysScan(from: from, to: to, db)
        for (id, day) in sums {
            let deviceID = Device.ID(id)
            var device = try entry(deviceID)
            for (status, sum) in day.byStatus {
                try device.addInvoices(status: status, count: sum.count, amount: Rupiah(sum.amount))
            }
            device.ticketsOpened = day.tickets
            device.ticketsVoided = day.voided
            device.sequenceRange = day.range
            device.sequenceGaps = day.gaps
            activity[deviceID] = device
            active.insert(deviceID)
        }
        // Complaints filed in the day about a device's tickets and found true (substantiated, or
        // with money given back).
        let upheld = try db.rows(
            """
            SELECT device_id, COUNT(*) FROM complaints
            WHERE device_id IS NOT NULL AND filed_ms >= ?1 AND filed_ms < ?2 AND state = 'resolved'
                AND \(db.dialect.jsonText("record", "resolution", "outcome")) IN ('substantiated', 'restitution')
            GROUP BY device_id
            """, window)
        for row in upheld {
            let deviceID = Device.ID((try row.get(0)) as String)
            var device = try entry(deviceID)
            device.substantiatedComplaints = (try row.get(1))
            activity[deviceID] = device
            active.insert(deviceID)
        }
        let fromMilliseconds = from.ledgerMilliseconds
        return devices.compactMap { device in
            let wasWorking =
                device.role.canIssue
                && (device.revokedAt.map { $0.ledgerMilliseconds >= fromMilliseconds } ?? true)
            guard active.contains(device.id) || wasWorking else { return nil }
            return activity[device.id]
        }
    }

    /// One device's day: its invoices by status, tickets, voids and numbers.
    struct DeviceDay {
        package var byStatus: [InvoiceStatus: (count: Int, amount: Int64)] = [:]
        package var tickets = 0
        package var voided = 0
        package var range: ClosedRange<Int64>?
        package var gaps: [ClosedRange<Int64>] = []
    }

    /// The runs missing between the lowest and the highest of `numbers`.
    static func gaps(in numbers: [Int64]) -> [ClosedRange<Int64>] {
        let sorted = numbers.sorted()
        guard var expected = sorted.first else { return [] }
        var gaps: [ClosedRange<Int64>] = []
        for number in sorted where number >= expected {
            if number > expected { gaps.append(expected...(number - 1)) }
            expected = number + 1
        }
        return gaps
    }

    /// Each device's day from the running totals (`invoice_totals`, `device_hours`): a device whose
    /// numbers are as many as the span from its lowest to its highest has no gap, and only a device
    /// with a gap has its numbers read.
    static func deviceDays(from: Date, to: Date, _ db: some SQLSession) throws -> [String: DeviceDay] {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        var days: [String: DeviceDay] = [:]
        let invoices = try db.rows(
            """
            SELECT device_id, status, SUM(n), SUM(amount) FROM invoice_totals
            WHERE hour_ms >= ? AND hour_ms < ? AND status <> 'partly_refunded'
            GROUP BY 1, 2 HAVING SUM(n) > 0
            """, window)
        for row in invoices {
            let statusText: String = (try row.get(1))
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoice_totals.status holds \(statusText)")
            }
            days[(try row.get(0)), default: DeviceDay()].byStatus[status] = (
                Int((try row.get(2)) as Int64), (try row.get(3))
            )
        }
        let hours = try db.rows(
            """
            SELECT device_id, SUM(numbers), MIN(low), MAX(high), SUM(tickets), SUM(voided) FROM device_hours
            WHERE hour_ms >= ? AND hour_ms < ? GROUP BY 1 HAVING SUM(numbers) > 0
            """, window)
        var gapped: [String] = []
        for row in hours {
            let id: String = (try row.get(0))
            let count: Int64 = (try row.get(1))
            let low: Int64 = (try row.get(2))
            let high: Int64 = (try row.get(3))
            days[id, default: DeviceDay()].range = low...high
            days[id]?.tickets = Int((try row.get(4)) as Int64)
            days[id]?.voided = Int((try row.get(5)) as Int64)
            if count != high - low + 1 { gapped.append(id) }
        }
        guard !gapped.isEmpty else { return days }
        let used = try numbers(of: gapped, from: from, to: to, db)
        for id in gapped { days[id]?.gaps = gaps(in: used[id] ?? []) }
        return days
    }

    /// Each device's day read from the day's rows (a range that is not whole hours): one pass over
    /// the day's invoices and one over its tickets, summed and numbered here per device (a device
    /// numbers as it issues, so its numbers come nearly in order and sorting them is cheap).
    static func deviceDaysScan(from: Date, to: Date, _ db: some SQLSession) throws -> [String: DeviceDay] {
        let window: [any SQLValueConvertible] = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        var days: [String: DeviceDay] = [:]
        var numbers: [String: [Int64]] = [:]
        try db.each(
            "SELECT device_id, status, amount, sequence FROM invoices WHERE issued_ms >= ?1 AND issued_ms < ?2",
            window
        ) { row in
            let id: String = (try row.get(0))
            let statusText: String = (try row.get(1))
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
            }
            let amount: Int64 = (try row.get(2))
            let before = days[id]?.byStatus[status] ?? (0, 0)
            let (total, overflow) = before.amount.addingReportingOverflow(amount)
            guard !overflow else { throw LedgerError(.storageFailure, "the day's amounts of device \(id) overflow") }
            days[id, default: DeviceDay()].byStatus[status] = (before.count + 1, total)
            numbers[id, default: []].append((try row.get(3)))
        }
        try db.each(
            """
            SELECT device_id, sequence, closure FROM tickets
            WHERE entry_ms >= ?1 AND entry_ms < ?2 AND (invoice_id IS NULL OR exit_ms IS NOT NULL)
            """,
            window
        ) { row in
            let id: String = (try row.get(0))
            days[id, default: DeviceDay()].tickets += 1
            numbers[id, default: []].append((try row.get(1)))
            if ((try row.get(2)) as String?) == ParkingTicket.Closure.void.rawValue { days[id]?.voided += 1 }
        }
        for (id, used) in numbers {
            if let low = used.min(), let high = used.max() { days[id]?.range = low...high }
            days[id]?.gaps = gaps(in: used)
        }
        return days
    }
}
