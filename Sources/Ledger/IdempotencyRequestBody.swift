import Foundation

/// A JSON request body read into its canonical form (``CanonicalJSON``), whatever its spacing and
/// member order, so that the idempotency fingerprint covers every member of the body and nothing
/// of its layout.
///
/// Numbers must be whole (the API takes money and counts as integers); a fraction or a number
/// outside 64 bits is refused rather than rounded into a fingerprint that would hide a difference.
public struct IdempotencyRequestBody: Sendable, Hashable {
    /// The body in canonical form.
    public var canonical: CanonicalJSON

    /// Reads a JSON body.
    /// - Throws: `input.invalidField` naming the member (field `body`, or the member's path) when
    ///   the body is not JSON or holds a fractional or out-of-range number.
    public init(json bytes: [UInt8]) throws {
        do {
            canonical = try JSONDecoder().decode(Value.self, from: Data(bytes)).json
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.invalidField, "the request body is not valid JSON", field: "body")
        }
    }

    /// Any JSON value, decoded into ``CanonicalJSON``.
    private struct Value: Decodable {
        let json: CanonicalJSON

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                var values: [CanonicalJSON] = []
                while !array.isAtEnd { values.append(try array.decode(Value.self).json) }
                json = .array(values)
                return
            }
            if let object = try? decoder.container(keyedBy: Key.self) {
                var members: [String: CanonicalJSON] = [:]
                for key in object.allKeys { members[key.stringValue] = try object.decode(Value.self, forKey: key).json }
                json = .object(members)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                json = .null
            } else if let value = try? single.decode(Bool.self) {
                json = .bool(value)
            } else if let value = try? single.decode(Int64.self) {
                json = .int(value)
            } else if let value = try? single.decode(String.self) {
                json = .string(value)
            } else {
                let path = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                    .joined(separator: ".")
                let field = path.isEmpty ? "body" : path
                throw LedgerError(
                    .invalidField, "\(field) must be a whole number within 64 bits (fractions are not taken)",
                    field: field)
            }
        }
    }
}
