/// A local-time window that changes the price of blocks starting inside it.
///
/// `{"name": "Malam (gratis)", "start": "22:00", "end": "06:00", "percent": 0}` makes night blocks
/// free; `{"name": "Jam kerja", "days": ["mon","tue","wed","thu","fri"], "start": "07:00",
/// "end": "17:00", "percent": 150}` makes weekday office hours 50% dearer. A window whose end is not
/// after its start runs past midnight into the next day; ``days`` name the day it starts on (empty:
/// every day). Percent amounts are rounded half up to whole rupiah per block.
public struct TariffWindow: Sendable, Hashable, Codable {
    /// The Indonesian name printed in the breakdown: `Malam (gratis)`.
    public var name: String
    /// The days the window starts on; empty means every day.
    public var days: [CityWeekday]
    /// Local start time (inclusive), `00:00`–`23:59`.
    public var start: CityTimeOfDay
    /// Local end time (exclusive), `00:01`–`24:00`; at or before ``start`` means the next day.
    public var end: CityTimeOfDay
    /// The block price as a percentage of the rule's price: 0 (free) to 1000.
    public var percent: Int

    /// Creates a window.
    public init(name: String, days: [CityWeekday] = [], start: CityTimeOfDay, end: CityTimeOfDay, percent: Int) {
        self.name = name
        self.days = days
        self.start = start
        self.end = end
        self.percent = percent
    }

    /// Whether a local time (weekday and minute of day) falls inside the window.
    public func contains(weekday: CityWeekday, minuteOfDay: Int) -> Bool {
        let every = days.isEmpty
        if start < end {
            return (every || days.contains(weekday)) && minuteOfDay >= start.minutes && minuteOfDay < end.minutes
        }
        // Crosses midnight: the evening part belongs to today, the morning part to yesterday's window.
        if minuteOfDay >= start.minutes { return every || days.contains(weekday) }
        return minuteOfDay < end.minutes && (every || days.contains(weekday.previous))
    }

    private enum CodingKeys: String, CodingKey { case name, days, start, end, percent }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        days = try container.decodeIfPresent([CityWeekday].self, forKey: .days) ?? []
        start = try container.decode(CityTimeOfDay.self, forKey: .start)
        end = try container.decode(CityTimeOfDay.self, forKey: .end)
        percent = try container.decode(Int.self, forKey: .percent)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(days, forKey: .days)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(percent, forKey: .percent)
    }
}
