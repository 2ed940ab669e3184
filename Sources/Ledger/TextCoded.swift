/// A value that JSON holds as its text form (its `description`) and reads back with its parser, so
/// a configuration file or an event payload holds `"2026-11-23"` or `"07:30"`, not an object.
public protocol TextCoded: Codable, CustomStringConvertible {
    /// The value `text` spells, or `nil` when it is not a valid text form.
    static func parse(_ text: String) -> Self?
    /// The decoding error's message for a text that does not parse: names the text and the form.
    static func notTextForm(_ text: String) -> String
}

extension TextCoded {
    /// Decodes the value from its text form.
    /// - Throws: `DecodingError.dataCorrupted` with ``notTextForm(_:)`` when the text does not parse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.notTextForm(text))
        }
        self = value
    }

    /// Encodes the value as its text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
