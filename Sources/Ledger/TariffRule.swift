/// One line of a tariff regulation: what a vehicle class pays in some tariff classes.
///
/// A rule has one ``TariffCharge`` (flat per entry, or progressive by time blocks), optional time
/// windows that change the price by local time of day (free at night, dearer in office hours), and
/// the article of the regulation that sets it.
public struct TariffRule: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier inside its set: `a-car`.
    public var id: String
    /// The Indonesian name a citizen reads: `Mobil penumpang, kelas A`.
    public var name: String
    /// The tariff classes (of zones) the rule covers.
    public var tariffClasses: [TariffClass]
    /// The vehicle classes the rule covers.
    public var vehicleClasses: [VehicleClass.ID]
    /// How the amount is computed.
    public var charge: TariffCharge
    /// Time windows in local time; the first window containing a block's start prices that block.
    public var windows: [TariffWindow]
    /// The article that sets this rule.
    public var legalBasis: LegalBasis

    /// Creates a rule.
    public init(
        id: String, name: String, tariffClasses: [TariffClass], vehicleClasses: [VehicleClass.ID],
        charge: TariffCharge, windows: [TariffWindow] = [], legalBasis: LegalBasis
    ) {
        self.id = id
        self.name = name
        self.tariffClasses = tariffClasses
        self.vehicleClasses = vehicleClasses
        self.charge = charge
        self.windows = windows
        self.legalBasis = legalBasis
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, tariffClasses, vehicleClasses, charge, windows, legalBasis
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        tariffClasses = try container.decode([TariffClass].self, forKey: .tariffClasses)
        vehicleClasses = try container.decode([VehicleClass.ID].self, forKey: .vehicleClasses)
        charge = try container.decode(TariffCharge.self, forKey: .charge)
        windows = try container.decodeIfPresent([TariffWindow].self, forKey: .windows) ?? []
        legalBasis = try container.decode(LegalBasis.self, forKey: .legalBasis)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(tariffClasses, forKey: .tariffClasses)
        try container.encode(vehicleClasses, forKey: .vehicleClasses)
        try container.encode(charge, forKey: .charge)
        try container.encode(windows, forKey: .windows)
        try container.encode(legalBasis, forKey: .legalBasis)
    }
}
