import Foundation

/// The one text form of instants in offline records and bundles: RFC 3339 in UTC with
/// milliseconds, `2026-12-07T01:02:03.456Z`, so that the handheld and the server write the same
/// bytes for the same instant (signatures cover those bytes).
public enum OfflineTime {
    /// The text of an instant (rounded to the millisecond).
    public static func format(_ date: Date) -> String {
        let milliseconds = date.ledgerMilliseconds
        let seconds = Int64((Double(milliseconds) / 1000).rounded(.down))
        let (year, month, day) = CivilDate(utcSeconds: seconds, offsetSeconds: 0).components
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        let millisecond = Int(milliseconds - seconds * 1000)
        return CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2) + "T"
            + CivilDate.pad(secondOfDay / 3600, 2) + ":" + CivilDate.pad(secondOfDay / 60 % 60, 2) + ":"
            + CivilDate.pad(secondOfDay % 60, 2) + "." + CivilDate.pad(millisecond, 3) + "Z"
    }

    /// Reads exactly the form ``format(_:)`` writes; nil for anything else (another offset, no
    /// milliseconds, a date that does not exist).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        let separators: [(Int, Character)] = [
            (4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z"),
        ]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let millisecond = number(20..<23), hour < 24, minute < 60, second < 60,
            let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        let seconds = Int64(date.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(ledgerMilliseconds: seconds * 1000 + Int64(millisecond))
    }
}
