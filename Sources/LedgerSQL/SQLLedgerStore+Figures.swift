import Foundation
import Ledger

// The console's figures (issue 15): a day at a glance and each device's part of it, counted by
// SQLite (GROUP BY over the day's range of `invoices_by_issue`), never by loading the invoices.
extension SQLLedgerStore {
    public func dayFigures(from: Date, to: Date, in timeZone: CityTimeZone) async throws -> DayFigures {
        try await read { db in try LedgerQueries.dayFigures(from: from, to: to, in: timeZone, db) }
    }

    public func deviceActivity(from: Date, to: Date) async throws -> [DeviceActivity] {
        try await read { db in try LedgerQueries.deviceActivity(from: from, to: to, db) }
    }
}
