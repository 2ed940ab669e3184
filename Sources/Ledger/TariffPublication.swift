/// What the city publishes about its charges (UU 25/2009 service standard: *biaya/tarif* with its
/// legal basis): the document behind `GET /public/tariffs`.
///
/// Built from the same ``CityConfiguration`` the evaluator uses, so the published tariff can never
/// drift from the one applied. Each rule carries an Indonesian ``Rule/summary``; citations marked
/// as placeholders stay marked.
public struct TariffPublication: Sendable, Hashable, Codable {
    /// The government: `Pemerintah Kota Ambon`.
    public var city: String
    /// The merchant name citizens must see on a QRIS before paying: `PEMKOT AMBON (DEMO)`.
    public var merchantName: String
    /// The NMID of the city's QRIS merchant, for checking a printed QRIS.
    public var nmid: String
    /// The time zone label local times are given in: `WIT`.
    public var timeZoneLabel: String
    /// The vehicle classes and their Indonesian names.
    public var vehicleClasses: [VehicleClass]
    /// The zones and their tariff classes.
    public var zones: [Zone]
    /// Every tariff set, oldest first.
    public var tariffSets: [Version]
    /// The event calendar.
    public var events: [TariffEvent]
    /// The public fees.
    public var fees: [Fee]

    /// One published tariff set (a version of the tariff).
    public struct Version: Sendable, Hashable, Codable {
        /// The set's id.
        public var id: String
        /// Its Indonesian title.
        public var name: String
        /// First local date it applies to.
        public var effectiveFrom: CivilDate
        /// First local date it no longer applies to, if superseded.
        public var effectiveUntil: CivilDate?
        /// The regulation.
        public var legalBasis: LegalBasis
        /// The rules.
        public var rules: [Rule]
    }

    /// One published rule: the rule itself and its one-sentence summary.
    public struct Rule: Sendable, Hashable, Codable {
        /// The rule, as the evaluator applies it.
        public var rule: TariffRule
        /// The rule in one Indonesian sentence.
        public var summary: String
    }

    /// The publication for a city's configuration.
    public init(_ configuration: CityConfiguration) {
        city = configuration.city.name
        merchantName = configuration.city.merchant.name
        nmid = configuration.city.merchant.nmid
        timeZoneLabel = configuration.city.timeZone.label
        vehicleClasses = configuration.vehicleClasses
        zones = configuration.zones
        tariffSets = configuration.tariffs.sets.map { set in
            Version(
                id: set.id, name: set.name, effectiveFrom: set.effectiveFrom, effectiveUntil: set.effectiveUntil,
                legalBasis: set.legalBasis, rules: set.rules.map { Rule(rule: $0, summary: $0.summary) })
        }
        events = configuration.events.events
        fees = configuration.fees.fees
    }
}

extension TariffPublication {
    /// The tariff set in force on the local date `day` (the one ``TariffSet/isEffective(on:)`` picks:
    /// started by then, and `effectiveUntil`, the first date it no longer applies to, not reached),
    /// or nil when none is.
    public func inForce(on day: CivilDate) -> Version? {
        tariffSets.last { $0.effectiveFrom <= day && $0.effectiveUntil.map { day < $0 } ?? true }
    }
}
