/// A dated event (a festival, a city anniversary) during which parking costs a multiple of the tariff.
///
/// Regulations allow an incidental tariff at events (Tegal: twice the base tariff). An event covers
/// whole local dates, ``from`` through ``through`` inclusive, and optionally only some tariff
/// classes, zones or vehicle classes. It applies to a 24-hour cycle of a stay when the cycle starts
/// on one of its dates; the cycle's amount (after any daily cap) is multiplied by ``percent`` / 100,
/// rounded half up to whole rupiah.
public struct TariffEvent: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier: `festival-teluk-ambon-2026`.
    public var id: String
    /// The Indonesian name printed in the breakdown: `Festival Teluk Ambon`.
    public var name: String
    /// The first local date of the event.
    public var from: CivilDate
    /// The last local date of the event (inclusive).
    public var through: CivilDate
    /// The multiplier in percent: 200 doubles the tariff (100–1000).
    public var percent: Int
    /// The tariff classes it applies to; empty means all.
    public var tariffClasses: [TariffClass]
    /// The zones it applies to; empty means all.
    public var zones: [Zone.ID]
    /// The vehicle classes it applies to; empty means all.
    public var vehicleClasses: [VehicleClass.ID]
    /// The decision that sets the event tariff (a mayor's decree, usually).
    public var legalBasis: LegalBasis

    /// Creates an event.
    public init(
        id: String, name: String, from: CivilDate, through: CivilDate, percent: Int, tariffClasses: [TariffClass] = [],
        zones: [Zone.ID] = [], vehicleClasses: [VehicleClass.ID] = [], legalBasis: LegalBasis
    ) {
        self.id = id
        self.name = name
        self.from = from
        self.through = through
        self.percent = percent
        self.tariffClasses = tariffClasses
        self.zones = zones
        self.vehicleClasses = vehicleClasses
        self.legalBasis = legalBasis
    }

    /// Whether the event applies on a local date to a vehicle class in a zone.
    public func applies(on date: CivilDate, zone: Zone, vehicleClass: VehicleClass.ID) -> Bool {
        date >= from && date <= through && (tariffClasses.isEmpty || tariffClasses.contains(zone.tariffClass))
            && (zones.isEmpty || zones.contains(zone.id))
            && (vehicleClasses.isEmpty || vehicleClasses.contains(vehicleClass))
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, from, through, percent, tariffClasses, zones, vehicleClasses, legalBasis
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        from = try container.decode(CivilDate.self, forKey: .from)
        through = try container.decode(CivilDate.self, forKey: .through)
        percent = try container.decode(Int.self, forKey: .percent)
        tariffClasses = try container.decodeIfPresent([TariffClass].self, forKey: .tariffClasses) ?? []
        zones = try container.decodeIfPresent([Zone.ID].self, forKey: .zones) ?? []
        vehicleClasses = try container.decodeIfPresent([VehicleClass.ID].self, forKey: .vehicleClasses) ?? []
        legalBasis = try container.decode(LegalBasis.self, forKey: .legalBasis)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(from, forKey: .from)
        try container.encode(through, forKey: .through)
        try container.encode(percent, forKey: .percent)
        try container.encode(tariffClasses, forKey: .tariffClasses)
        try container.encode(zones, forKey: .zones)
        try container.encode(vehicleClasses, forKey: .vehicleClasses)
        try container.encode(legalBasis, forKey: .legalBasis)
    }
}

/// The city's event calendar (`Config/events.json`): `{"events": [...]}`.
public struct TariffEventCalendar: Sendable, Hashable, Codable {
    /// The events, in file order; when several apply, the first one wins.
    public var events: [TariffEvent]

    /// Creates a calendar.
    public init(events: [TariffEvent] = []) {
        self.events = events
    }

    /// An empty calendar.
    public static let empty = TariffEventCalendar()

    /// The first event that applies on a local date to a vehicle class in a zone.
    public func event(on date: CivilDate, zone: Zone, vehicleClass: VehicleClass.ID) -> TariffEvent? {
        events.first { $0.applies(on: date, zone: zone, vehicleClass: vehicleClass) }
    }
}
