/// A day of the week, as tariff time windows name it (`mon` … `sun`).
public enum CityWeekday: String, Sendable, Hashable, Codable, CaseIterable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// The day before (Monday's is Sunday).
    public var previous: CityWeekday {
        let all = CityWeekday.allCases
        return all[(all.firstIndex(of: self)! + 6) % 7]
    }

    /// The Indonesian name a citizen reads: `Senin` … `Minggu`.
    public var indonesianName: String {
        switch self {
        case .monday: "Senin"
        case .tuesday: "Selasa"
        case .wednesday: "Rabu"
        case .thursday: "Kamis"
        case .friday: "Jumat"
        case .saturday: "Sabtu"
        case .sunday: "Minggu"
        }
    }

    /// The English name (`Monday` … `Sunday`), for pages asked for with `?lang=en`.
    public var englishName: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }
}
