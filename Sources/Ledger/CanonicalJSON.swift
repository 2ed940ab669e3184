/// A JSON value in the ledger's canonical form: the bytes that event hashes cover.
///
/// The canonical form is deliberately small so that two implementations (the SQLite and the
/// PostgreSQL store, a later auditor's tool) produce the same bytes for the same event:
/// - objects only with keys sorted by their UTF-8 bytes, no duplicate keys;
/// - integers only (money in whole rupiah, times as UTC epoch milliseconds), never fractions;
/// - strings escaped minimally: `"` and `\` with a backslash, other control characters below
///   U+0020 as `\u00XX` (lower-case hex), everything else as raw UTF-8;
/// - `null`, `true`, `false`; no whitespace anywhere.
public enum CanonicalJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The canonical bytes of this value.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// The canonical text of this value (the bytes as UTF-8).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        // Native strings are contiguous UTF-8: check and copy them as one buffer.
        let plain = utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            out.append(contentsOf: buffer)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        if plain == nil && !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        {
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension CanonicalJSON {
    /// Parses canonical JSON text and checks that it is in canonical form.
    ///
    /// - Throws: `LedgerError` `event.payloadNotCanonical` with the byte offset of the first
    ///   problem when the text is not JSON, or is JSON but not byte-for-byte canonical.
    public static func parse(_ text: String) throws -> CanonicalJSON {
        try parseWithBytes(text).value
    }

    /// ``parse(_:)`` that also answers the text's bytes, which are the value's canonical ``bytes``
    /// (the parser accepts nothing else), so a caller that needs both writes nothing again.
    static func parseWithBytes(_ text: String) throws -> (value: CanonicalJSON, bytes: [UInt8]) {
        var parser = CanonicalJSONParser(bytes: Array(text.utf8))
        return (try parser.parseDocument(), parser.bytes)
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> CanonicalJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

extension LedgerError.Code {
    /// An event payload is not canonical JSON.
    public static let eventPayloadNotCanonical = Self("event.payloadNotCanonical")
}
