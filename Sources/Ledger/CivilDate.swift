import Foundation

/// A calendar date (proleptic Gregorian) with no time and no zone of its own: `2026-08-17`.
///
/// The one date type of Lunas: tariff effective dates and event calendars (days on the city's
/// wall clock), settlement and value dates in bank files, holidays, the SNAP X-EXTERNAL-ID day.
/// It is a count of days since 1970-01-01, so a million settlement rows carry four bytes each and
/// date arithmetic needs no `Calendar` and no time-zone database. Written as ISO 8601 `YYYY-MM-DD`.
public struct CivilDate: Sendable, Hashable, Comparable, TextCoded, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSince1970: Int

    /// The date `days` days after 1970-01-01.
    public init(daysSince1970 days: Int) { daysSince1970 = days }

    /// Creates a date; returns `nil` when the day does not exist (`2026-02-30`) or the year is
    /// outside 1–9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        daysSince1970 = CivilDate.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; returns `nil` for anything else (`2026-8-1`, `2026-02-30`).
    public init?(iso8601 text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day that contains the instant `utcSeconds` (since 1970) in a zone `offsetSeconds` east
    /// of UTC.
    public init(utcSeconds: Int64, offsetSeconds: Int) {
        let local = utcSeconds + Int64(offsetSeconds)
        daysSince1970 = Int((local >= 0 ? local : local - 86_399) / 86_400)
    }

    /// The day that contains `date` in a zone `offset` away from UTC.
    public init(containing date: Date, offset: UTCOffset) {
        self.init(utcSeconds: Int64(date.timeIntervalSince1970.rounded(.down)), offsetSeconds: offset.seconds)
    }

    /// The instant this day starts in a zone `offset` away from UTC.
    public func start(offset: UTCOffset) -> Date {
        Date(timeIntervalSince1970: TimeInterval(daysSince1970 * 86_400 - offset.seconds))
    }

    /// Year, month and day of the month (Howard Hinnant's `civil_from_days`).
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The Gregorian year.
    public var year: Int { components.year }
    /// The month, 1–12.
    public var month: Int { components.month }
    /// The day of the month, 1–31.
    public var day: Int { components.day }

    /// The day of the week.
    public var weekday: CityWeekday {
        // 1970-01-01 was a Thursday; index 0 is Monday.
        CityWeekday.allCases[((daysSince1970 % 7) + 7 + 3) % 7]
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(daysSince1970: daysSince1970 + days) }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// `YYYYMMDD`, as identifiers (SNAP X-EXTERNAL-ID, batch ids) use it.
    public var compact: String {
        let (year, month, day) = components
        return "\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))"
    }

    /// Writes `YYYY-MM-DD` (10 bytes) at `offset`, for writers that format a date per row; the
    /// year must be 0–9999.
    public func write(into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let (year, month, day) = components
        Self.writeDigits(year, 4, out, offset)
        out[offset + 4] = UInt8(ascii: "-")
        Self.writeDigits(month, 2, out, offset + 5)
        out[offset + 7] = UInt8(ascii: "-")
        Self.writeDigits(day, 2, out, offset + 8)
    }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        let count = text.utf8.count
        return count >= width ? text : String(repeating: "0", count: width - count) + text
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Writes the last `width` decimal digits of `value` (≥ 0) into `out` at `offset`, zero-padded.
    @inline(__always)
    public static func writeDigits(_ value: Int, _ width: Int, _ out: UnsafeMutableBufferPointer<UInt8>, _ offset: Int) {
        var rest = value
        var index = offset + width - 1
        while index >= offset {
            out[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
            index -= 1
        }
    }

    public static func parse(_ text: String) -> Self? { CivilDate(iso8601: text) }

    public static func notTextForm(_ text: String) -> String {
        "'\(text)' is not a date in the form YYYY-MM-DD"
    }
}
