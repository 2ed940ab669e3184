import Ledger
import Foundation

/// Indonesian working days: Monday to Friday except national holidays and cuti bersama, kept as data
/// in `Config/holidays/<year>.json` (one file a year, from the joint ministerial decree, SKB 3 Menteri).
public struct HolidayCalendar: Sendable {
    /// One non-working day.
    public struct Holiday: Sendable, Hashable {
        public var date: CivilDate
        public var name: String
        /// `holiday` (libur nasional) or `cuti_bersama`.
        public var kind: String
    }

    public private(set) var holidays: [CivilDate: Holiday] = [:]
    /// The years the loaded files cover; other years count weekends only.
    public private(set) var years: Set<Int> = []

    /// A calendar with weekends only.
    public init() {}

    /// Loads every `*.json` file in `directory`, or one file.
    public static func load(path: String) throws -> HolidayCalendar {
        var calendar = HolidayCalendar()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReconciliationError(.io, "holiday calendar \(path) does not exist", value: path)
        }
        let files =
            isDirectory.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            : [path]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ReconciliationError(.io, "cannot read holiday calendar \(file)", value: file)
            }
            try calendar.add(json: data, context: "holiday calendar \((file as NSString).lastPathComponent)")
        }
        return calendar
    }

    /// Adds one year's file.
    public mutating func add(json: Data, context: String) throws {
        let root = try ConfigObject(
            ConfigValue.parse(json, what: context, failure: ReconciliationError.configFailure),
            context: context, allowed: ["country", "year", "basis", "note", "days"], failure: ReconciliationError.configFailure)
        guard let year = try root.int("year") else { throw root.fail("year", "is required") }
        _ = try root.string("basis")
        _ = try root.string("note")
        _ = try root.string("country")
        guard case .array(let days)? = root.members["days"] else { throw root.fail("days", "must be a list") }
        for (index, item) in days.enumerated() {
            let day = try ConfigObject(
                item, context: "\(context) days[\(index)]", path: "days[\(index)]", allowed: ["date", "name", "kind"],
                failure: ReconciliationError.configFailure)
            let text = try day.requiredString("date")
            guard let date = CivilDate(iso8601: text), date.components.year == Int(year) else {
                throw day.fail("date", "must be a date YYYY-MM-DD in \(year), not \"\(text)\"")
            }
            let kind = try day.requiredString("kind")
            guard kind == "holiday" || kind == "cuti_bersama" else {
                throw day.fail("kind", "must be \"holiday\" or \"cuti_bersama\", not \"\(kind)\"")
            }
            holidays[date] = Holiday(date: date, name: try day.requiredString("name"), kind: kind)
        }
        years.insert(Int(year))
    }

    /// Whether banks settle on `date`.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        date.weekday != .saturday && date.weekday != .sunday && holidays[date] == nil
    }

    /// The `n`-th working day after `date` (T+N); for n = 0, `date` itself or the next working day.
    public func addingWorkingDays(_ n: Int, to date: CivilDate) -> CivilDate {
        var day = date
        if n == 0 {
            while !isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
        var counted = 0
        while counted < n {
            day = day.adding(days: 1)
            if isWorkingDay(day) { counted += 1 }
        }
        return day
    }

    /// The days whose T+`n` working day (``addingWorkingDays(_:to:)``) is `settlementDate`, oldest first:
    /// the payment days an acquirer's file for that settlement date holds (T+1: on a Monday, Friday to
    /// Sunday; after a holiday, the holiday too). Empty when `settlementDate` is not a working day.
    public func paymentDays(settlingOn settlementDate: CivilDate, settlementDays n: Int) -> [CivilDate] {
        guard isWorkingDay(settlementDate) else { return [] }
        // T+N never moves a day backwards, so the days settling on `settlementDate` are one run that
        // ends at it (T+0) or before it; stop at the first earlier day that settles earlier.
        var days: [CivilDate] = []
        var day = settlementDate
        while true {
            let due = addingWorkingDays(n, to: day)
            if due == settlementDate { days.append(day) } else if due < settlementDate { break }
            day = day.adding(days: -1)
        }
        return days.reversed()
    }

    /// Whether the calendar has data for `date`'s year.
    public func covers(_ date: CivilDate) -> Bool { years.contains(date.components.year) }
}
