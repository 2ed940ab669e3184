import Foundation

/// A calendar month on the city's wall clock: `2026-11`. The open figures (`/transparansi`,
/// `/public/transparency/{YYYY-MM}.json`) are published one month at a time.
public struct CityMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The Gregorian year, 1–9999.
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// Creates a month; nil when the year is outside 1–9999 or the month outside 1–12.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month that contains `date`.
    public init(containing date: CivilDate) {
        let parts = date.components
        year = parts.year
        month = parts.month
    }

    /// Parses exactly `YYYY-MM` (four digits, a hyphen, two digits); nil for anything else
    /// (`2026-13`, `2026-1`, `abc`, `2026-11-01`).
    public init?(text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        var digits: [Int] = []
        for (index, byte) in bytes.enumerated() where index != 4 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        self.init(year: year, month: digits[4] * 10 + digits[5])
    }

    /// The first day of the month.
    public var firstDay: CivilDate {
        CivilDate(year: year, month: month, day: 1)!  // year and month were checked at creation
    }

    /// How many days the month has (28–31).
    public var dayCount: Int { CivilDate.daysInMonth(year: year, month: month) }

    /// Every day of the month, the 1st first.
    public var days: [CivilDate] { (0..<dayCount).map { firstDay.adding(days: $0) } }

    /// The month before (nil before January of year 1).
    public var previous: CityMonth? {
        month == 1 ? CityMonth(year: year - 1, month: 12) : CityMonth(year: year, month: month - 1)
    }

    /// The month after (nil after December 9999).
    public var next: CityMonth? {
        month == 12 ? CityMonth(year: year + 1, month: 1) : CityMonth(year: year, month: month + 1)
    }

    /// `YYYY-MM`.
    public var description: String { CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) }

    /// Months in calendar order.
    public static func < (lhs: CityMonth, rhs: CityMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
