/// A strict parser for the subset of JSON that ``CanonicalJSON`` writes.
///
/// It accepts objects, arrays, strings, integers, `true`, `false` and `null`; anything else
/// (fractions, exponents, whitespace, `\uXXXX` escapes above U+001F) is refused with the byte
/// offset, because a canonical writer never produces it.
struct CanonicalJSONParser {
    let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> CanonicalJSON {
        let value = try parseValue()
        guard index == bytes.count else { throw failure("trailing bytes after the JSON value") }
        return value
    }

    private func failure(_ what: String) -> LedgerError {
        LedgerError(.eventPayloadNotCanonical, "payload is not canonical JSON: \(what) at byte offset \(index)")
    }

    private mutating func parseValue() throws -> CanonicalJSON {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try parseInt())
        default:
            for (word, value) in [("null", CanonicalJSON.null), ("true", .bool(true)), ("false", .bool(false))] {
                let literal = Array(word.utf8)
                if bytes[index...].starts(with: literal) {
                    index += literal.count
                    return value
                }
            }
            throw failure("unexpected byte 0x\(String(bytes[index], radix: 16))")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 32 { throw failure("nesting deeper than 32") }
    }

    private mutating func parseObject() throws -> CanonicalJSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: CanonicalJSON] = [:]
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try parseString()
            guard members[key] == nil else { throw failure("duplicate key \"\(key)\"") }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            members[key] = try parseValue()
            guard index < bytes.count else { throw failure("unexpected end in object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws -> CanonicalJSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var values: [CanonicalJSON] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            values.append(try parseValue())
            guard index < bytes.count else { throw failure("unexpected end in array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            } else {
                throw failure("expected ',' or ']'")
            }
        }
    }

    private mutating func parseInt() throws -> Int64 {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Int64(text) else { throw failure("bad integer \(text)") }
        return value
    }

    private mutating func parseString() throws -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: out, as: UTF8.self) else { throw failure("invalid UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw failure("unexpected end in escape") }
                let escaped = bytes[index]
                index += 1
                if escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") {
                    out.append(escaped)
                } else if escaped == UInt8(ascii: "u"), index + 4 <= bytes.count,
                    let code = UInt8(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16), code < 0x20
                {
                    index += 4
                    out.append(code)
                } else {
                    throw failure("escape not used by the canonical form")
                }
            default:
                out.append(byte)
            }
        }
        throw failure("unterminated string")
    }
}
