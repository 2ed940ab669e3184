/// Removes insignificant whitespace from a JSON text, byte for byte, as SNAP signatures require.
///
/// SNAP signs `lowercase(hex(sha256(minify(body))))` (SNAP Standar Teknis dan Keamanan, symmetric
/// signature). "Minify" means exactly: drop the whitespace between tokens (space, tab, line feed,
/// carriage return, RFC 8259 §2) and keep every other byte as sent. Keys are never re-ordered and
/// strings and numbers are never re-encoded (`1.50` stays `1.50`, `\u00e9` stays escaped), which is
/// why this is a scanner over bytes and not a round trip through a JSON parser.
///
/// The scanner also validates the grammar, so a malformed body is refused with the byte offset of
/// the first bad byte instead of being signed. Nesting deeper than ``maximumDepth`` is refused.
public enum JSONMinifier {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 256

    /// Returns the minified form of a JSON text.
    ///
    /// An empty body (no bytes, or only whitespace) minifies to no bytes: SNAP hashes the empty
    /// string for a request without a body.
    /// - Throws: ``AcquirerError`` `json.malformed` with the byte offset and the bad byte.
    public static func minify(_ json: some Collection<UInt8>) throws(AcquirerError) -> [UInt8] {
        var scanner = Scanner(bytes: Array(json))
        scanner.skipWhitespace()
        if scanner.atEnd { return [] }
        try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if !scanner.atEnd { throw scanner.failure("unexpected data after the JSON value") }
        return scanner.output
    }

    /// Returns the minified form of a JSON text given as a string (encoded as UTF-8).
    public static func minify(_ json: String) throws(AcquirerError) -> String {
        String(decoding: try minify(Array(json.utf8)), as: UTF8.self)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var output: [UInt8] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
            output.reserveCapacity(bytes.count)
        }

        var atEnd: Bool { index >= bytes.count }
        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func failure(_ what: String) -> AcquirerError {
            let found =
                current.map { byte in
                    (0x21...0x7E).contains(byte)
                        ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
                } ?? "end of input"
            return AcquirerError(.malformedJSON, "malformed JSON at byte offset \(index): \(what), found \(found)")
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func copy() {
            output.append(bytes[index])
            index += 1
        }

        mutating func value(depth: Int) throws(AcquirerError) {
            guard depth < JSONMinifier.maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
            guard let byte = current else { throw failure("expected a JSON value") }
            switch byte {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw failure("expected a JSON value")
            }
        }

        mutating func object(depth: Int) throws(AcquirerError) {
            copy()
            skipWhitespace()
            if current == UInt8(ascii: "}") { return copy() }
            while true {
                guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
                copy()
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: "}") { return copy() }
                guard current == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
                copy()
                skipWhitespace()
            }
        }

        mutating func array(depth: Int) throws(AcquirerError) {
            copy()
            skipWhitespace()
            if current == UInt8(ascii: "]") { return copy() }
            while true {
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: "]") { return copy() }
                guard current == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
                copy()
                skipWhitespace()
            }
        }

        mutating func string() throws(AcquirerError) {
            copy()  // opening quote
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    return copy()
                case UInt8(ascii: "\\"):
                    copy()
                    guard let escaped = current else { throw failure("unterminated escape") }
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        copy()
                    case UInt8(ascii: "u"):
                        copy()
                        for _ in 0..<4 {
                            guard let hex = current, hex.isHexDigit else {
                                throw failure("expected 4 hex digits after \\u")
                            }
                            copy()
                        }
                    default:
                        throw failure("invalid escape")
                    }
                case 0x00..<0x20:
                    throw failure("unescaped control character in a string")
                default:
                    copy()
                }
            }
            throw failure("unterminated string")
        }

        mutating func literal(_ word: StaticString) throws(AcquirerError) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            for byte in expected {
                guard current == byte else { throw failure("expected '\(word)'") }
                copy()
            }
        }

        mutating func number() throws(AcquirerError) {
            if current == UInt8(ascii: "-") { copy() }
            guard let first = current, first.isDigit else { throw failure("expected a digit") }
            copy()
            if first != UInt8(ascii: "0") { while current?.isDigit == true { copy() } }
            if current == UInt8(ascii: ".") {
                copy()
                guard current?.isDigit == true else { throw failure("expected a digit after '.'") }
                while current?.isDigit == true { copy() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                copy()
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { copy() }
                guard current?.isDigit == true else { throw failure("expected a digit in the exponent") }
                while current?.isDigit == true { copy() }
            }
        }
    }
}

extension AcquirerError.Code {
    /// A JSON body is not well-formed (the message gives the byte offset).
    public static let malformedJSON = Self("json.malformed")
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
