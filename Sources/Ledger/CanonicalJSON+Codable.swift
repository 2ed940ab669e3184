import Foundation

/// ``CanonicalJSON`` as a `Codable` value, so a canonical object can travel inside an HTTP body
/// (decoded with `JSONDecoder`) and a `Codable` type can be written in canonical form.
///
/// Decoding accepts integers, strings, booleans, `null`, arrays and objects; a fraction or an
/// exponent is refused (canonical JSON has integers only).
extension CanonicalJSON: Codable {
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [CanonicalJSON] = []
            while !array.isAtEnd { values.append(try array.decode(CanonicalJSON.self)) }
            self = .array(values)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyMemberKey.self) {
            var members: [String: CanonicalJSON] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(CanonicalJSON.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: single, debugDescription: "not canonical JSON: numbers must be integers (no fractions or exponents)"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var array = encoder.unkeyedContainer()
            for value in values { try array.encode(value) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyMemberKey.self)
            for (key, value) in members { try object.encode(value, forKey: AnyMemberKey(key)) }
        }
    }

    /// The canonical form of any `Encodable` value (through `JSONEncoder`).
    ///
    /// - Throws: `EncodingError`, or `DecodingError` when the encoding has a non-integer number.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(CanonicalJSON.self, from: data)
    }

    /// Decodes a `Decodable` type from this value (through `JSONDecoder`).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}

/// A coding key for any object member.
struct AnyMemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
