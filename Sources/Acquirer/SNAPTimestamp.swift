import Ledger
import Foundation

/// An `X-TIMESTAMP` value: an ISO-8601 instant with its offset, `2026-11-23T10:15:30+07:00`.
///
/// SNAP signs the timestamp text exactly as sent, so the original ``text`` is kept next to the
/// parsed ``date`` and ``offset``. Accepted: `YYYY-MM-DDTHH:MM:SS`, optional fraction of 1–9 digits,
/// then `Z` or `±HH:MM`. Anything else (no offset, a space for `T`, `+0700`) is refused.
public struct SNAPTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// The instant.
    public var date: Date
    /// The offset the sender wrote.
    public var offset: UTCOffset
    /// The text as sent (signed byte for byte).
    public var text: String

    /// Formats an instant at an offset, to whole seconds: `2026-11-23T10:15:30+07:00`.
    public init(date: Date, offset: UTCOffset) {
        let whole = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CivilDate(utcSeconds: Int64(whole), offsetSeconds: offset.seconds)
        let secondOfDay = whole + offset.seconds - day.daysSince1970 * 86_400
        self.date = Date(timeIntervalSince1970: TimeInterval(whole))
        self.offset = offset
        self.text =
            "\(day)T\(CivilDate.pad(secondOfDay / 3600, 2)):\(CivilDate.pad(secondOfDay / 60 % 60, 2))"
            + ":\(CivilDate.pad(secondOfDay % 60, 2))\(offset)"
    }

    /// Parses an `X-TIMESTAMP` header value.
    /// - Throws: ``AcquirerError`` `timestamp.invalid` naming the bad text.
    public init(_ text: String) throws(AcquirerError) {
        let chars = Array(text.unicodeScalars)
        func bad(_ why: String) -> AcquirerError {
            AcquirerError(
                .invalidTimestamp, "X-TIMESTAMP '\(text)' is not ISO-8601 with an offset: \(why)", field: "X-TIMESTAMP")
        }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for index in range {
                let scalar = chars[index].value
                guard scalar >= 48, scalar <= 57 else { return nil }
                value = value * 10 + Int(scalar - 48)
            }
            return value
        }
        guard chars.count >= 20 else { throw bad("too short") }
        guard let year = number(0..<4), chars[4] == "-", let month = number(5..<7), chars[7] == "-",
            let dayOfMonth = number(8..<10)
        else { throw bad("expected YYYY-MM-DD") }
        guard chars[10] == "T" else { throw bad("expected 'T' between date and time") }
        guard let hour = number(11..<13), chars[13] == ":", let minute = number(14..<16), chars[16] == ":",
            let second = number(17..<19), hour <= 23, minute <= 59, second <= 59
        else { throw bad("expected HH:MM:SS") }
        guard let day = CivilDate(year: year, month: month, day: dayOfMonth) else { throw bad("no such day") }
        var index = 19
        var fraction = 0.0
        if chars[index] == "." {
            index += 1
            var scale = 0.1
            let start = index
            while index < chars.count, let digit = number(index..<index + 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard (1...9).contains(index - start) else { throw bad("expected 1 to 9 digits of fraction") }
        }
        guard let offset = UTCOffset(String(String.UnicodeScalarView(chars[index...]))) else {
            throw bad("expected Z or ±HH:MM at the end")
        }
        let seconds = day.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second - offset.seconds
        self.date = Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
        self.offset = offset
        self.text = text
    }

    public var description: String { text }
}

extension AcquirerError.Code {
    /// A timestamp is not ISO-8601 with an offset.
    public static let invalidTimestamp = Self("timestamp.invalid")
}
