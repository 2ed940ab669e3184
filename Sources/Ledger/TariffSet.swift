/// One version of a city's parking tariff: the rules a regulation sets, valid over a date range.
///
/// Tariffs are data, not code: each file in `Config/tariffs/` is one `TariffSet`, every rule cites
/// its legal basis, and the public tariff page is generated from the same values the evaluator
/// uses. A new regulation is a new set with a later ``effectiveFrom``; old sets stay so that old
/// tickets can be re-computed.
public struct TariffSet: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier: `ambon-parkir-2026`.
    public var id: String
    /// The Indonesian title a citizen reads: `Tarif Retribusi Parkir di Tepi Jalan Umum`.
    public var name: String
    /// The first local date the set applies to (entry time in the city's zone).
    public var effectiveFrom: CivilDate
    /// The first local date the set no longer applies to, if it has been superseded.
    public var effectiveUntil: CivilDate?
    /// The regulation the set as a whole implements.
    public var legalBasis: LegalBasis
    /// The rules; each (tariff class, vehicle class) pair is covered by at most one rule.
    public var rules: [TariffRule]

    /// Creates a tariff set.
    public init(
        id: String, name: String, effectiveFrom: CivilDate, effectiveUntil: CivilDate? = nil, legalBasis: LegalBasis,
        rules: [TariffRule]
    ) {
        self.id = id
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.legalBasis = legalBasis
        self.rules = rules
    }

    /// The rule for a vehicle class in a tariff class, if the set has one.
    public func rule(for vehicleClass: VehicleClass.ID, in tariffClass: TariffClass) -> TariffRule? {
        rules.first { $0.vehicleClasses.contains(vehicleClass) && $0.tariffClasses.contains(tariffClass) }
    }

    /// Whether the set applies on a local date.
    public func isEffective(on date: CivilDate) -> Bool {
        if date < effectiveFrom { return false }
        if let effectiveUntil, date >= effectiveUntil { return false }
        return true
    }
}
