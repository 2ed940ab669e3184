/// A calendar date without time, as a count of days since 1970-01-01 (proleptic Gregorian).
///
/// Settlement dates and holidays are dates, not instants; this keeps them integers.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var day: Int32

    /// Creates a date from a day count.
    public init(day: Int32) { self.day = day }

    /// Creates a date from year, month and day, or nil if it does not exist (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            (1...9999).contains(year)
        else { return nil }
        self.day = Int32(CivilDate.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.day < rhs.day }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil algorithm).
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(day) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        let w = (Int(day) + 3) % 7  // 1970-01-01 was a Thursday (ISO 4).
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The date `days` later.
    public func adding(days: Int) -> CivilDate { CivilDate(day: day + Int32(days)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))" }
        // Written digit by digit: reports format a date for every exception.
        return String(unsafeUninitializedCapacity: 10) { out in
            write(into: out, at: 0)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` (10 bytes) at `offset`; the year must be 0–9999.
    func write(into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let (y, m, d) = components
        writeDigits(y, 4, out, offset)
        out[offset + 4] = UInt8(ascii: "-")
        writeDigits(m, 2, out, offset + 5)
        out[offset + 7] = UInt8(ascii: "-")
        writeDigits(d, 2, out, offset + 8)
    }

    /// The local date of a UTC instant in a zone with a fixed offset.
    public init(utcSeconds: Int64, offsetSeconds: Int) {
        let local = utcSeconds + Int64(offsetSeconds)
        day = Int32((local >= 0 ? local : local - 86399) / 86400)
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    let count = text.utf8.count
    return count >= width ? text : String(repeating: "0", count: width - count) + text
}

/// Writes the last `width` decimal digits of `value` (≥ 0) into `out` at `offset`, zero-padded.
@inline(__always)
func writeDigits(_ value: Int, _ width: Int, _ out: UnsafeMutableBufferPointer<UInt8>, _ offset: Int) {
    var v = value
    var i = offset + width - 1
    while i >= offset {
        out[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
        v /= 10
        i -= 1
    }
}
