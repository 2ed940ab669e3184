import Ledger

/// A fixed-width date or date-time pattern (`yyyy-MM-dd HH:mm:ss`, `dd/MM/yyyy`), parsed by hand.
///
/// Settlement files carry millions of timestamps; a `DateFormatter` per row would dominate the run.
/// Supported fields: `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`; any other character must appear literally. Letters
/// that must appear literally are quoted: `yyyy-MM-dd'T'HH:mm:ss'+07:00'` (ISO 8601 with a fixed offset).
public struct TimestampFormat: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case year, month, day, hour, minute, second
        case literal(UInt8)
    }

    let parts: [Part]
    /// The pattern as written in the profile.
    public let pattern: String
    /// The exact length of a matching value in bytes.
    let width: Int
    /// Whether the pattern has a time of day.
    let hasTime: Bool

    /// Compiles a pattern.
    /// - Throws: ``ReconciliationError`` if it uses an unsupported field or lacks year, month or day.
    public init(_ pattern: String) throws {
        var parts: [Part] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        var width = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "'") {
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "'")), close > i + 1 else {
                    throw ReconciliationError(
                        .profileInvalid, "time pattern \"\(pattern)\": unterminated or empty quoted literal",
                        value: pattern)
                }
                for literal in bytes[(i + 1)..<close] { parts.append(.literal(literal)) }
                width += close - i - 1
                i = close + 1
                continue
            }
            var run = 1
            while i + run < bytes.count, bytes[i + run] == c { run += 1 }
            let part: Part?
            switch (c, run) {
            case (UInt8(ascii: "y"), 4): part = .year
            case (UInt8(ascii: "M"), 2): part = .month
            case (UInt8(ascii: "d"), 2): part = .day
            case (UInt8(ascii: "H"), 2): part = .hour
            case (UInt8(ascii: "m"), 2): part = .minute
            case (UInt8(ascii: "s"), 2): part = .second
            default:
                if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) {
                    throw ReconciliationError(
                        .profileInvalid,
                        "time pattern \"\(pattern)\": unsupported field \"\(String(repeating: Character(Unicode.Scalar(c)), count: run))\" (use yyyy, MM, dd, HH, mm, ss)",
                        value: pattern)
                }
                part = nil
            }
            if let part {
                parts.append(part)
                width += part == .year ? 4 : 2
                i += run
            } else {
                parts.append(.literal(c))
                width += 1
                i += 1
            }
        }
        guard parts.contains(.year), parts.contains(.month), parts.contains(.day) else {
            throw ReconciliationError(
                .profileInvalid, "time pattern \"\(pattern)\" needs yyyy, MM and dd", value: pattern)
        }
        self.parts = parts
        self.pattern = pattern
        self.width = width
        self.hasTime = parts.contains(.hour)
        isoDateTime = pattern == "yyyy-MM-dd HH:mm:ss"
    }

    /// Whether the pattern is `yyyy-MM-dd HH:mm:ss`, which has an unrolled fast path.
    let isoDateTime: Bool

    public var description: String { pattern }

    /// Parses `bytes` as local time and returns seconds since 1970 as if the local time were UTC, or nil
    /// if the value does not match the pattern or names a date or time that does not exist.
    @inline(__always)
    func parseLocalSeconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == width else { return nil }
        if isoDateTime { return Self.parseISODateTime(bytes) }
        var year = 0
        var month = 0
        var day = 0
        var hour = 0
        var minute = 0
        var second = 0
        var i = 0
        for part in parts {
            switch part {
            case .literal(let c):
                if bytes[i] != c { return nil }
                i += 1
            case .year:
                guard let v = digits(bytes, i, 4) else { return nil }
                year = v
                i += 4
            default:
                guard let v = digits(bytes, i, 2) else { return nil }
                switch part {
                case .month: month = v
                case .day: day = v
                case .hour: hour = v
                case .minute: minute = v
                default: second = v
                }
                i += 2
            }
        }
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    @inline(__always)
    private func digits(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for k in start..<(start + count) {
            let d = Int(bytes[k]) &- 48
            if d < 0 || d > 9 { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// `yyyy-MM-dd HH:mm:ss`, unrolled (the most common settlement and invoice time format).
    @inline(__always)
    static func parseISODateTime(_ b: UnsafeRawBufferPointer) -> Int64? {
        @inline(__always) func d(_ i: Int) -> Int { Int(b[i]) &- 48 }
        // Bit i set: position i holds a digit (the others are "-", " " and ":").
        let digitPositions: UInt32 = 0b110_1101_1011_0110_1111
        var i = 0
        while i < 19 {
            if digitPositions & (1 << UInt32(i)) != 0, UInt(bitPattern: d(i)) > 9 { return nil }
            i += 1
        }
        guard b[4] == 45, b[7] == 45, b[10] == 32, b[13] == 58, b[16] == 58 else { return nil }
        let year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
        let month = d(5) * 10 + d(6)
        let day = d(8) * 10 + d(9)
        let hour = d(11) * 10 + d(12)
        let minute = d(14) * 10 + d(15)
        let second = d(17) * 10 + d(18)
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses a `String` (for tests and slow paths).
    func parseLocalSeconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parseLocalSeconds(UnsafeRawBufferPointer($0)) }
    }
}
