import Foundation
import Ledger

/// Computes the open figures of a city month (``TransparencyFigures``) for the public pages, bounded in
/// cost: a closed day's figures are read from its signed statement once and kept (a closed day never
/// changes); a month is recomputed at most once per ``liveInterval`` (its open days and its
/// complaint columns are live), and a month whose every day is closed is kept until the server
/// restarts when the store keeps no complaints. Requests for a month that is
/// being computed wait for that computation instead of starting another.
public actor TransparencyReporter {
    /// The ledger.
    public let store: any LedgerStore
    /// The city (its time zone makes the days).
    public let city: City
    /// How long a month with open days is served from memory before it is computed again.
    public let liveInterval: TimeInterval
    /// The clock.
    let now: @Sendable () -> Date

    /// At most this many months are kept (the least recently computed go first).
    static let monthCapacity = 48
    /// At most this many closed days are kept (ten years); past it the cache starts over.
    static let closedDayCapacity = 3_700

    private struct Entry {
        var computedAt: Date
        var task: Task<TransparencyFigures, any Error>
        /// Kept until the server restarts: every day of the month is closed.
        var final = false
    }

    private var months: [CityMonth: Entry] = [:]
    private var closedDays: [CivilDate: TransparencyFigures.Day] = [:]

    /// Creates the reporter.
    /// - Parameter liveInterval: seconds a month with open days is served before it is computed again.
    public init(
        store: any LedgerStore, city: City, liveInterval: TimeInterval = 30, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.city = city
        self.liveInterval = liveInterval
        self.now = now
    }

    /// The month that holds today in the city's zone.
    public nonisolated func currentMonth() -> CityMonth {
        CityMonth(containing: city.timeZone.local(now()).date)
    }

    /// The figures of `month` as of now: every day up to today, closed days from their statements.
    /// - Returns: nil for a month after the current one (nothing to publish yet).
    /// - Throws: the store's errors, `amount.overflow`, `storage.failure` for an unreadable statement.
    public func figures(_ month: CityMonth) async throws -> TransparencyFigures? {
        let at = now()
        let today = city.timeZone.local(at).date
        guard month <= CityMonth(containing: today) else { return nil }
        if let entry = months[month],
            entry.final || (entry.computedAt <= at && at.timeIntervalSince(entry.computedAt) < liveInterval)
        {
            return try await entry.task.value
        }
        let task = Task { try await self.compute(month, today: today, at: at) }
        months[month] = Entry(computedAt: at, task: task)
        if months.count > Self.monthCapacity,
            let oldest = months.min(by: { $0.value.computedAt < $1.value.computedAt })?.key
        {
            months[oldest] = nil
        }
        do {
            let figures = try await task.value
            // A closed month is kept for good, unless the store keeps complaints: their columns stay
            // live (a complaint is answered, or becomes late, after its day has closed).
            if figures.isClosed, !(store is any ComplaintBook), months[month]?.computedAt == at {
                months[month]?.final = true
            }
            return figures
        } catch {
            if months[month]?.computedAt == at { months[month] = nil }
            throw error
        }
    }

    /// Reads the month's days and its sequence-gap exceptions.
    private func compute(_ month: CityMonth, today: CivilDate, at: Date) async throws -> TransparencyFigures {
        // The days are read side by side: a month is some thirty reads, and one after another they
        // add up their waits when the machine is busy.
        let dates = month.days.filter { $0 <= today }
        var days = try await withThrowingTaskGroup(of: TransparencyFigures.Day.self) { group in
            for date in dates { group.addTask { try await self.day(date) } }
            var read: [TransparencyFigures.Day] = []
            for try await day in group { read.append(day) }
            return read.sorted { $0.date < $1.date }
        }
        guard let first = days.first?.date, let last = days.last?.date else {
            return try TransparencyFigures(month: month, days: [], countedAt: at)
        }
        let from = city.timeZone.startOfDay(first)
        let to = city.timeZone.startOfDay(last.adding(days: 1))
        var zones: [Device.ID: String] = [:]
        var after: ExceptionCase.ID?
        while true {
            let page = try await store.exceptionCases(
                ExceptionQuery(category: .sequenceGap, openedFrom: from, openedBefore: to, after: after, limit: 1000))
            for gap in page {
                let date = city.timeZone.local(gap.openedAt).date
                guard let index = days.firstIndex(where: { $0.date == date }) else { continue }
                try days[index].addSequenceGaps(1, zone: try await zone(of: gap, known: &zones))
            }
            guard page.count == 1000, let last = page.last else { break }
            after = last.id
        }
        var complaints: [Complaint] = []
        if let book = store as? any ComplaintBook {
            let zone = city.timeZone
            let filedByDay = try await withThrowingTaskGroup(of: (CivilDate, [Complaint]).self) { group in
                for date in dates {
                    group.addTask {
                        let filed = try await book.complaints(
                            ComplaintQuery(
                                filedFrom: zone.startOfDay(date), filedBefore: zone.startOfDay(date.adding(days: 1)),
                                limit: 10_000))
                        return (date, filed)
                    }
                }
                var read: [CivilDate: [Complaint]] = [:]
                for try await (date, filed) in group { read[date] = filed }
                return read
            }
            for index in days.indices {
                let filed = filedByDay[days[index].date] ?? []
                days[index].setComplaints(filed, now: at)
                complaints += filed
            }
        }
        var figures = try TransparencyFigures(month: month, days: days, countedAt: at)
        figures.setComplaintRates(complaints, now: at)
        return figures
    }

    /// A day: from its statement when closed (kept), live otherwise.
    private func day(_ date: CivilDate) async throws -> TransparencyFigures.Day {
        if let closed = closedDays[date] { return closed }
        if let statement = try await store.closedDay(date) {
            let closed = try TransparencyFigures.Day(closed: statement)
            if closedDays.count >= Self.closedDayCapacity { closedDays.removeAll() }
            closedDays[date] = closed
            return closed
        }
        let rows = try await store.dayBreakdown(
            from: city.timeZone.startOfDay(date), to: city.timeZone.startOfDay(date.adding(days: 1)))
        return try TransparencyFigures.Day(live: date, rows: rows)
    }

    /// The zone a sequence gap is counted in: its device's zone when the device has exactly one, `-`
    /// otherwise (a gap is about a device, and a device may work several zones or the whole city).
    private func zone(of gap: ExceptionCase, known: inout [Device.ID: String]) async throws -> String {
        guard let id = gap.deviceID else { return Device.noZone }
        if let zone = known[id] { return zone }
        let zones = try await store.device(id: id)?.zones ?? []
        let zone = zones.count == 1 ? zones[0] : Device.noZone
        known[id] = zone
        return zone
    }
}
