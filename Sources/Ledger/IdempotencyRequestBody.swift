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
        // Foundation's JSON scanner traps (crashing the process) on a body that ends at its 513th
        // unclosed `[`; refuse nesting past its limit before it ever sees the bytes.
        guard !Self.isNestedTooDeeply(bytes) else {
            throw LedgerError(
                .invalidField, "the request body nests deeper than \(Self.maximumNesting) levels", field: "body")
        }
        do {
            canonical = try JSONDecoder().decode(Value.self, from: Data(bytes)).json
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.invalidField, "the request body is not valid JSON", field: "body")
        }
    }

    /// The deepest nesting of arrays and objects a JSON body may have: Foundation's own limit.
    public static let maximumNesting = 512

    /// Whether `bytes` open more than ``maximumNesting`` arrays or objects at once (brackets inside
    /// strings do not count). Check untrusted JSON with it before `JSONDecoder` or
    /// `JSONSerialization`: swift-foundation's scanner traps, crashing the process, on input that
    /// ends right at its 513th unclosed `[`, instead of throwing. Exact for valid JSON; a body it
    /// refuses is never valid JSON within Foundation's limit.
    public static func isNestedTooDeeply(_ bytes: some Sequence<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
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
            } else if let value = try? single.decode(Int64.self),
                // Foundation reads a number with a fraction through Double and takes it when the Double is
                // whole, so `30000.000000000001` was 30000 and `8956985790442881.96` 8956985790442882: the
                // number's exact decimal value must be the integer, or the fraction is refused below.
                (try? single.decode(Decimal.self)).map({ $0 == Decimal(value) }) ?? true
            {
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
