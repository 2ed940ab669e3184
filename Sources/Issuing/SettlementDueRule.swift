import Foundation
import Ledger
import Reconciliation

/// Which settlement files a city day needs before it closes (issue #14: "every settlement file due
/// for it is applied"): the day's payments fall due on the settlement dates T+N working days after
/// the days they were paid (N the acquirer's settlement profile's `settlementDays`, days counted in
/// the profile's time zone, the holiday calendar's holidays skipped), and each such date needs a
/// settlement file of that profile applied completely to the ledger (and not withdrawn for a
/// corrected re-send). Bank statements are not required.
public struct SettlementDueRule: Sendable {
    /// N in T+N working days.
    public var settlementDays: Int
    /// The settlement profile's UTC offset: the days payments are counted in.
    public var utcOffsetSeconds: Int
    /// Holidays and collective leave.
    public var calendar: HolidayCalendar
    /// The settlement dates (each file's own date, and its rows' first…last) of the files applied completely and not
    /// withdrawn.
    public var appliedPeriods: @Sendable () async throws -> [ClosedRange<CivilDate>]

    /// Creates the rule.
    public init(
        settlementDays: Int, utcOffsetSeconds: Int, calendar: HolidayCalendar,
        appliedPeriods: @escaping @Sendable () async throws -> [ClosedRange<CivilDate>]
    ) {
        self.settlementDays = settlementDays
        self.utcOffsetSeconds = utcOffsetSeconds
        self.calendar = calendar
        self.appliedPeriods = appliedPeriods
    }

    /// The settlement dates on which payments made on `paidDates` fall due, oldest first.
    public func dueDates(paidOn paidDates: [CivilDate]) -> [CivilDate] {
        Set(paidDates.map { calendar.addingWorkingDays(settlementDays, to: $0) }).sorted()
    }

    /// The `settlement_file_missing` blocker of the invoices issued in `[from, to)`: their due dates
    /// that no applied file covers (all of them counted, the five earliest as examples); nil when
    /// every due date is covered, or nothing was paid.
    public func blocker(store: any LedgerStore, from: Date, to: Date) async throws -> DayBlocker? {
        let paid = try await store.paidDates(issuedFrom: from, to: to, utcOffsetSeconds: utcOffsetSeconds)
        guard !paid.isEmpty else { return nil }
        let periods = try await appliedPeriods()
        let missing = dueDates(paidOn: paid).filter { date in !periods.contains { $0.contains(date) } }
        guard !missing.isEmpty else { return nil }
        return DayBlocker(
            kind: .settlementFileMissing, count: Int64(missing.count), examples: missing.prefix(5).map { "\($0)" })
    }
}
