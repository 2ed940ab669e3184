import Foundation

/// A calendar day (proleptic Gregorian) without a time or zone: `2026-11-23`.
///
/// Used for the X-EXTERNAL-ID window (a day in Asia/Jakarta) and settlement dates. The arithmetic
/// is done on day numbers, so it needs no `Calendar` and no time-zone database.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year (1–9999).
    public var year: Int
    /// The month (1–12).
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// Creates a date, checking that the day exists.
    /// - Throws: ``AcquirerError`` `date.invalid` for a day that does not exist (`2026-02-30`).
    public init(year: Int, month: Int, day: Int) throws(AcquirerError) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else {
            throw AcquirerError(.invalidDate, "no such day: \(year)-\(month)-\(day)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    /// - Throws: ``AcquirerError`` `date.invalid` naming the bad text.
    public init(_ text: String) throws(AcquirerError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw AcquirerError(.invalidDate, "expected a date as YYYY-MM-DD, got '\(text)'")
        }
        try self.init(year: year, month: month, day: day)
    }

    /// The day that contains `date` in a zone `offset` away from UTC.
    public init(containing date: Date, offset: UTCOffset) {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + offset.seconds
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self = CivilDate(dayNumber: dayNumber)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The instant this day starts in a zone `offset` away from UTC.
    public func start(offset: UTCOffset) -> Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 - offset.seconds))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// `YYYYMMDD`, as used in identifiers.
    public var compact: String { "\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))" }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch { throw error }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension AcquirerError.Code {
    /// A date is not a real calendar day or not in `YYYY-MM-DD` form.
    public static let invalidDate = Self("date.invalid")
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
