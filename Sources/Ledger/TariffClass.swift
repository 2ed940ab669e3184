/// A class of parking location that shares one set of tariff rules: `A` (city centre), `B`.
///
/// Regulations group streets into classes (Jakarta's KPP / Gol A / Gol B, Yogyakarta's Kawasan I
/// and II, Ambon's zone A). Zones name their class; rules name the classes they cover.
public struct TariffClass: ConfigurationIdentifier {
    /// The class's text: `A`.
    public var rawValue: String
    /// Wraps class text.
    public init(rawValue: String) { self.rawValue = rawValue }
}
