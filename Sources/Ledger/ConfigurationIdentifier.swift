/// Shared behaviour of the identifiers that the city's configuration defines (`Zone.ID`,
/// `VehicleClass.ID`, `TariffClass`): plain text, written as a JSON string, ordered by its text,
/// and writable as a literal in tests and defaults.
public protocol ConfigurationIdentifier: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    /// Wraps identifier text.
    init(rawValue: String)
}

extension ConfigurationIdentifier {
    /// Wraps identifier text.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    /// An identifier written as a literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
