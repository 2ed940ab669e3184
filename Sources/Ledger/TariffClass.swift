/// A class of parking location that shares one set of tariff rules: `A` (city centre), `B`.
///
/// Regulations group streets into classes (Jakarta's KPP / Gol A / Gol B, Yogyakarta's Kawasan I
/// and II, Ambon's zone A). Zones name their class; rules name the classes they cover.
public struct TariffClass: RawRepresentable, Sendable, Hashable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The class's text: `A`.
    public var rawValue: String
    /// Wraps class text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps class text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// A class written as a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: TariffClass, rhs: TariffClass) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
