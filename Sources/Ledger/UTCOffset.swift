/// A fixed offset from UTC, as written at the end of an ISO-8601 timestamp: `+07:00` or `Z`.
///
/// SNAP timestamps carry an offset, and acquirers disagree on which one the client must send
/// (DOKU wants `Z` for the token call, most want `+07:00`), so the offset is part of an acquirer
/// profile. Indonesia's zones (WIB +07, WITA +08, WIT +09) have no daylight saving time, so a fixed
/// offset is exact for them.
public struct UTCOffset: Sendable, Hashable, TextCoded, CustomStringConvertible {
    /// Seconds east of UTC.
    public var seconds: Int
    /// Whether UTC is written `Z` rather than `+00:00`.
    public var zulu: Bool

    /// Creates an offset of whole minutes east of UTC.
    public init(minutes: Int) {
        seconds = minutes * 60
        zulu = false
    }

    /// UTC written as `Z`.
    public static let utc = UTCOffset(seconds: 0, zulu: true)
    /// Western Indonesia Time (WIB, Asia/Jakarta), `+07:00`: the zone of the SNAP X-EXTERNAL-ID day.
    public static let jakarta = UTCOffset(minutes: 7 * 60)
    /// Eastern Indonesia Time (WIT, Asia/Jayapura, Ambon), `+09:00`.
    public static let jayapura = UTCOffset(minutes: 9 * 60)

    private init(seconds: Int, zulu: Bool) {
        self.seconds = seconds
        self.zulu = zulu
    }

    /// Parses `Z`, `+07:00` or `-03:30`; returns `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        if text == "Z" {
            self = .utc
            return
        }
        let chars = Array(text)
        guard chars.count == 6, chars[0] == "+" || chars[0] == "-", chars[3] == ":",
            [chars[1], chars[2], chars[4], chars[5]].allSatisfy({ $0.isASCII && $0.isNumber }),
            let hours = Int(String(chars[1...2])), let minutes = Int(String(chars[4...5])),
            hours <= 14, minutes <= 59
        else { return nil }
        self.init(minutes: (chars[0] == "-" ? -1 : 1) * (hours * 60 + minutes))
    }

    /// `Z` or `±HH:MM`.
    public var description: String {
        if zulu { return "Z" }
        let magnitude = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + CivilDate.pad(magnitude / 60, 2) + ":" + CivilDate.pad(magnitude % 60, 2)
    }

    public static func parse(_ text: String) -> Self? { UTCOffset(text) }

    public static func notTextForm(_ text: String) -> String {
        "expected a UTC offset as Z or ±HH:MM, got '\(text)'"
    }
}
