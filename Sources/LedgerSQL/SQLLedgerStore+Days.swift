import Foundation
import Ledger

extension SQLLedgerStore {
    public func dayBreakdown(from: Date, to: Date) async throws -> [DayBreakdownRow] {
        try await read { db in try LedgerQueries.dayBreakdown(from: from, to: to, db) }
    }

    public func dayBlockers(from: Date, to: Date) async throws -> [DayBlocker] {
        try await read { db in try LedgerQueries.dayBlockers(from: from, to: to, db) }
    }

    /// From the running totals (`paid_hours`) for whole hours in a whole-hour zone, else from the rows.
    public func paidDates(issuedFrom from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CivilDate] {
        let fromTotals = LedgerQueries.wholeHours(from, to) && utcOffsetSeconds % 3_600 == 0
        return try await read { db in
            try db.int64s(
                fromTotals
                    ? """
                    SELECT DISTINCT (paid_hour_ms + ?) / 86400000 FROM paid_hours
                    WHERE hour_ms >= ? AND hour_ms < ? AND n > 0 ORDER BY 1
                    """
                    : """
                    SELECT DISTINCT (paid_ms + ?) / 86400000 FROM invoices
                    WHERE issued_ms >= ? AND issued_ms < ? AND paid_ms IS NOT NULL ORDER BY 1
                    """, [Int64(utcOffsetSeconds) * 1000, from.ledgerMilliseconds, to.ledgerMilliseconds]
            ).map { CivilDate(daysSince1970: Int($0)) }
        }
    }

    public func closeDay(
        _ request: DayCloseRequest, sign: @escaping @Sendable ([UInt8]) throws -> String
    ) async throws
        -> DayCloseOutcome
    {
        try request.actor.validate()
        return try await write { db, state in try LedgerWrites.closeDay(request, sign: sign, db, &state) }
    }

    public func closedDay(_ date: CivilDate) async throws -> DailyStatement? {
        try await read { db in try LedgerQueries.closedDay(date, db) }
    }
}
