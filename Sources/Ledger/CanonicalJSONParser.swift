/// A strict parser for exactly the text that ``CanonicalJSON`` writes.
///
/// It accepts objects, arrays, strings, integers, `true`, `false` and `null`, and checks the
/// canonical form as it reads, so that text it accepts is byte for byte the canonical bytes of the
/// value it answers (no second writing to compare): keys in strictly increasing order of their
/// UTF-8 bytes (so no duplicates), integers without a leading zero, `+` or `-0`, strings with only
/// the escapes the writer uses (`\"`, `\\`, and `\u00xx` in lower-case hex for a byte below
/// U+0020, which is never raw). Anything else (fractions, exponents, whitespace, other escapes) is
/// refused with the byte offset. `CanonicalJSONTests` checks the agreement with the writer on
/// random and mutated text.
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
        case UInt8(ascii: "\""): return .string(try parseString().string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try parseInt())
        case UInt8(ascii: "n") where literal("null"): return .null
        case UInt8(ascii: "t") where literal("true"): return .bool(true)
        case UInt8(ascii: "f") where literal("false"): return .bool(false)
        default: throw failure("unexpected byte 0x\(String(bytes[index], radix: 16))")
        }
    }

    /// Consumes `word` when the text continues with it.
    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
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
        var previous: ArraySlice<UInt8>?
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let start = index
            let key = try parseString()
            if let previous, !previous.lexicographicallyPrecedes(key.utf8) {
                index = start
                throw failure(
                    previous.elementsEqual(key.utf8)
                        ? "duplicate key \"\(key.string)\"" : "key \"\(key.string)\" out of order")
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            members[key.string] = try parseValue()
            previous = key.utf8
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

    /// An integer as `String(Int64)` writes it: `0`, or an optional `-` and a digit 1-9 first.
    private mutating func parseInt() throws -> Int64 {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let first = index
        var value: Int64 = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let digit = Int64(bytes[index] - UInt8(ascii: "0"))
            // Accumulated negatively: Int64.min has no positive counterpart.
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowMinus) = times.subtractingReportingOverflow(digit)
            guard !overflowTimes, !overflowMinus else {
                throw failure("bad integer \(String(decoding: bytes[start...index], as: UTF8.self))")
            }
            value = next
            index += 1
        }
        let digits = bytes[first..<index]
        guard let lead = digits.first, lead != UInt8(ascii: "0") || (digits.count == 1 && !negative) else {
            throw failure("bad integer \(String(decoding: bytes[start..<index], as: UTF8.self))")
        }
        if negative { return value }
        guard value != .min else { throw failure("bad integer \(String(decoding: digits, as: UTF8.self))") }
        return -value
    }

    /// A string's value and its UTF-8 bytes (unescaped).
    private mutating func parseString() throws -> (string: String, utf8: ArraySlice<UInt8>) {
        index += 1
        let start = index
        // Most strings have no escape: their bytes are the value's.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let utf8 = bytes[start..<index]
                index += 1
                return (try validated(utf8), utf8)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("control character not escaped") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return (try validated(out[...]), out[...])
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unexpected end in escape") }
                let escaped = bytes[index]
                if escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "\\") {
                    out.append(escaped)
                    index += 1
                } else if escaped == UInt8(ascii: "u"), let code = controlEscape(at: index + 1) {
                    out.append(code)
                    index += 5
                } else {
                    throw failure("escape not used by the canonical form")
                }
            case 0..<0x20:
                throw failure("control character not escaped")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// The byte of a `\u00xx` escape whose four hex digits start at `offset`: `00`, then `0` or
    /// `1`, then a lower-case hex digit (the writer's form of a byte below U+0020), or nil.
    private func controlEscape(at offset: Int) -> UInt8? {
        guard offset + 4 <= bytes.count, bytes[offset] == UInt8(ascii: "0"), bytes[offset + 1] == UInt8(ascii: "0"),
            bytes[offset + 2] == UInt8(ascii: "0") || bytes[offset + 2] == UInt8(ascii: "1")
        else { return nil }
        let high = bytes[offset + 2] - UInt8(ascii: "0")
        let last = bytes[offset + 3]
        switch last {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return high << 4 | (last - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return high << 4 | (last - UInt8(ascii: "a") + 10)
        default: return nil
        }
    }

    private func validated(_ utf8: ArraySlice<UInt8>) throws -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else { throw failure("invalid UTF-8") }
        return string
    }
}
