import Foundation
import GRDB
import Ledger

// The console's figures (issue 15): a day at a glance and each device's part of it, counted by
// SQLite (GROUP BY over the day's range of `invoices_by_issue`), never by loading the invoices.
extension SQLiteLedgerStore {
    public func dayFigures(from: Date, to: Date, in timeZone: CityTimeZone) async throws -> DayFigures {
        try await read { db in try LedgerQueries.dayFigures(from: from, to: to, in: timeZone, db) }
    }

    public func deviceActivity(from: Date, to: Date) async throws -> [DeviceActivity] {
        try await read { db in try LedgerQueries.deviceActivity(from: from, to: to, db) }
    }
}

extension LedgerQueries {
    /// The length of the hour buckets the queries group by, in ledger milliseconds.
    private static let hourMilliseconds: Int64 = 3_600_000

    static func dayFigures(from: Date, to: Date, in timeZone: CityTimeZone, _ db: Database) throws -> DayFigures {
        let window: StatementArguments = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        // Hours are counted from the day's first instant (local midnight) and read on the city's clock
        // afterwards, so a zone with a daylight-saving change still lands each bucket on its local hour.
        let invoices = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(t.zone, '-') AS zone, (i.issued_ms - ?1) / \(hourMilliseconds) AS bucket,
                        i.status, COUNT(*) AS n, SUM(i.amount) AS amount
                    FROM invoices i LEFT JOIN tickets t ON t.id = i.ticket_id
                    WHERE i.issued_ms >= ?1 AND i.issued_ms < ?2
                    GROUP BY 1, 2, 3
                    """), arguments: window)
        let exceptions = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE((SELECT zone FROM tickets WHERE id = i.ticket_id), '-') AS zone,
                        (COALESCE(i.issued_ms, e.paid_ms) - ?1) / \(hourMilliseconds) AS bucket,
                        NULL AS status, COUNT(*) AS n, COALESCE(SUM(e.amount), 0) AS amount
                    \(dayExceptions) AND e.resolution IS NULL
                    GROUP BY 1, 2
                    """), arguments: window)
        var hours: [Int64: Int] = [:]
        func hour(_ bucket: Int64) -> Int {
            if let known = hours[bucket] { return known }
            let start = Date(timeIntervalSince1970: from.timeIntervalSince1970 + Double(bucket) * 3600)
            let local = timeZone.local(start).secondOfDay / 3600
            hours[bucket] = local
            return local
        }
        let groups = try (invoices + exceptions).map { row in
            let statusText: String? = try row.decode(forColumn: "status")
            var status: InvoiceStatus?
            if let statusText {
                guard let known = InvoiceStatus(rawValue: statusText) else {
                    throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
                }
                status = known
            }
            return DayFigures.Group(
                zone: try row.decode(forColumn: "zone"), hour: hour(try row.decode(Int64.self, forColumn: "bucket")),
                status: status, count: try row.decode(forColumn: "n"),
                amount: Rupiah(try row.decode(Int64.self, forColumn: "amount")))
        }
        return try DayFigures.build(from: from, to: to, groups: groups)
    }

    /// The sequence numbers each device used in the window `?1, ?2`: invoices issued and hourly
    /// tickets opened in it. A flat ticket shares its invoice's number and is left out; were one
    /// counted twice, the repeat would not look like a gap (`sequence > prev + 1`), so `UNION ALL`
    /// (no de-duplication, 0.09 s of CPU less at 100,000 invoices) is safe.
    private static let usedSequences = """
        WITH used(device_id, sequence) AS (
            SELECT device_id, sequence FROM invoices WHERE issued_ms >= ?1 AND issued_ms < ?2
            UNION ALL SELECT device_id, sequence FROM tickets
            WHERE entry_ms >= ?1 AND entry_ms < ?2 AND (invoice_id IS NULL OR exit_ms IS NOT NULL))
        """

    static func deviceActivity(from: Date, to: Date, _ db: Database) throws -> [DeviceActivity] {
        let window: StatementArguments = [from.ledgerMilliseconds, to.ledgerMilliseconds]
        let devices = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(LedgerRowCodec.deviceColumns) FROM devices ORDER BY id")
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
        // Not `dayBreakdown` summed per device: its joins (tickets, settlements) and finer groups made
        // this method take 0.36 s of CPU more at 100,000 invoices (docs/performance.md).
        let invoices = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT device_id, status, COUNT(*) AS n, SUM(amount) AS amount FROM invoices
                    WHERE issued_ms >= ?1 AND issued_ms < ?2 GROUP BY 1, 2
                    """), arguments: window)
        for row in invoices {
            let id = Device.ID(try row.decode(forColumn: "device_id"))
            let statusText: String = try row.decode(forColumn: "status")
            guard let status = InvoiceStatus(rawValue: statusText) else {
                throw LedgerError(.storageFailure, "invoices.status holds \(statusText)")
            }
            var device = try entry(id)
            try device.addInvoices(
                status: status, count: try row.decode(forColumn: "n"),
                amount: Rupiah(try row.decode(Int64.self, forColumn: "amount")))
            activity[id] = device
            active.insert(id)
        }
        let tickets = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT device_id, COUNT(*) AS n FROM tickets
                    WHERE entry_ms >= ?1 AND entry_ms < ?2 AND (invoice_id IS NULL OR exit_ms IS NOT NULL)
                    GROUP BY device_id
                    """), arguments: window)
        for row in tickets {
            let id = Device.ID(try row.decode(forColumn: "device_id"))
            var device = try entry(id)
            device.ticketsOpened = try row.decode(forColumn: "n")
            activity[id] = device
            active.insert(id)
        }
        // One pass over the numbers used: each device's first and last, and every number that follows
        // a hole (the hole is `prev + 1 ... sequence - 1`).
        let edges = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    \(usedSequences),
                    ordered AS (
                        SELECT device_id, sequence, LAG(sequence) OVER w AS prev, LEAD(sequence) OVER w AS next
                        FROM used WINDOW w AS (PARTITION BY device_id ORDER BY sequence))
                    SELECT device_id, sequence, prev, next FROM ordered
                    WHERE prev IS NULL OR next IS NULL OR sequence > prev + 1
                    ORDER BY device_id, sequence
                    """), arguments: window)
        var low: Int64 = 0
        for row in edges {
            let id = Device.ID(try row.decode(forColumn: "device_id"))
            let sequence: Int64 = try row.decode(forColumn: "sequence")
            let prev: Int64? = try row.decode(forColumn: "prev")
            let next: Int64? = try row.decode(forColumn: "next")
            if let prev, sequence > prev + 1 { activity[id]?.sequenceGaps.append((prev + 1)...(sequence - 1)) }
            if prev == nil { low = sequence }
            if next == nil { activity[id]?.sequenceRange = low...sequence }
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
}
