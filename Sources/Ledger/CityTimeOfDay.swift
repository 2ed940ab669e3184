/// A wall-clock time in the city, to the minute: `07:00`, `22:30`, and `24:00` for the end of a day.
///
/// Written as `HH:MM` in configuration. `24:00` is accepted so that a window can end at midnight
/// without wrapping to the next day.
public struct CityTimeOfDay: Sendable, Hashable, Comparable, TextCoded, CustomStringConvertible {
    /// Minutes since local midnight, 0–1440.
    public var minutes: Int

    /// Creates a time from minutes since midnight; `nil` outside 0–1440.
    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Creates a time from hours and minutes; `nil` when out of range (`24:01`, `07:60`).
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1440 else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` (two digits each); `nil` for anything else.
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
        let digits = [bytes[0], bytes[1], bytes[3], bytes[4]]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let values = digits.map { Int($0 - UInt8(ascii: "0")) }
        self.init(hour: values[0] * 10 + values[1], minute: values[2] * 10 + values[3])
    }

    public static func < (lhs: CityTimeOfDay, rhs: CityTimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    /// `HH:MM`.
    public var description: String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func parse(_ text: String) -> Self? { CityTimeOfDay(text: text) }

    public static func notTextForm(_ text: String) -> String {
        "'\(text)' is not a time in the form HH:MM (00:00–24:00)"
    }
}
