import Crypto
import Foundation

extension TransparencyFigures.Day {
    /// A closed day: the figures of its signed statement as signed (`figures.invoices`,
    /// `figures.byZone`, `figures.byStatus.cancelled`), with the statement's SHA-256 and key.
    /// Per-zone cancellations are unknown (the statement counts them for the whole city only).
    /// - Throws: `storage.failure` when the statement lacks a figure the page publishes.
    public init(closed statement: DailyStatement) throws {
        let figures = statement.figures
        let path = "statement \(statement.date): figures"
        var total = try Self.values(figures["invoices"], path: "\(path).invoices")
        total[.cancelled] = try Self.cancelled(figures["byStatus"], path: "\(path).byStatus")
        guard case .array(let rows)? = figures["byZone"] else {
            throw LedgerError(.storageFailure, "\(path).byZone is not an array")
        }
        let zones = try rows.enumerated().map { index, row in
            guard case .string(let zone)? = row["zone"] else {
                throw LedgerError(.storageFailure, "\(path).byZone[\(index)].zone is not a string")
            }
            var values = try Self.values(row, path: "\(path).byZone[\(index)]")
            values[.cancelled] = nil
            return TransparencyFigures.ZoneValues(zone: zone, values: values)
        }
        self.init(
            date: statement.date,
            statement: TransparencyFigures.Statement(
                closedAt: statement.closedAt, keyID: statement.keyID,
                sha256: SHA256.hash(data: statement.canonical.bytes).ledgerHex),
            total: total, zones: zones)
    }

    /// A day not yet closed: the figures its statement would carry if it closed now
    /// (``DailyStatement/figures(rows:exceptions:)`` over `rows`, the day's
    /// ``LedgerStore/dayBreakdown(from:to:)``), with cancellations per zone too.
    /// - Throws: `amount.overflow`.
    public init(live date: CivilDate, rows: [DayBreakdownRow]) throws {
        var cancelled: [String: Int64] = [:]
        for row in rows where row.status == .cancelled { cancelled[row.zone, default: 0] += row.count }
        let figures = try DailyStatement.figures(rows: rows, exceptions: [:])
        let path = "live figures of \(date)"
        var total = try Self.values(figures["invoices"], path: path)
        total[.cancelled] = cancelled.values.reduce(0, +)
        var zones: [TransparencyFigures.ZoneValues] = []
        if case .array(let groups)? = figures["byZone"] {
            for group in groups {
                guard case .string(let zone)? = group["zone"] else { continue }
                var values = try Self.values(group, path: path)
                values[.cancelled] = cancelled[zone] ?? 0
                zones.append(TransparencyFigures.ZoneValues(zone: zone, values: values))
            }
        }
        self.init(date: date, statement: nil, total: total, zones: zones)
    }

    /// The measures of one statement tally (``DailyStatement`` `invoices` or a `byZone` entry).
    private static func values(_ tally: CanonicalJSON?, path: String) throws -> TransparencyFigures.Values {
        func number(_ key: String) throws -> Int64 {
            guard case .int(let value)? = tally?[key] else {
                throw LedgerError(.storageFailure, "\(path).\(key) is not an integer")
            }
            return value
        }
        var values = TransparencyFigures.Values.zero
        values[.issued] = try number("issued")
        values[.issuedAmount] = try number("issuedAmount")
        values[.paid] = try number("received")
        values[.settled] = try number("settled")
        values[.gross] = try number("receivedAmount")
        values[.mdr] = try number("mdr")
        values[.net] = try number("net")
        return values
    }

    /// `byStatus.cancelled.count`, 0 when the day had no cancelled invoice.
    private static func cancelled(_ byStatus: CanonicalJSON?, path: String) throws -> Int64 {
        guard case .object(let statuses)? = byStatus else {
            throw LedgerError(.storageFailure, "\(path) is not an object")
        }
        guard let cancelled = statuses[InvoiceStatus.cancelled.rawValue] else { return 0 }
        guard case .int(let count)? = cancelled["count"] else {
            throw LedgerError(.storageFailure, "\(path).cancelled.count is not an integer")
        }
        return count
    }
}
