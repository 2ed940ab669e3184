/// Crockford's base32 (https://www.crockford.com/base32.html): digits and upper-case letters
/// without I, L, O and U, so a code can be read aloud, typed, and put in a QR code's alphanumeric
/// mode.
///
/// Decoding is forgiving where people err: lower case is accepted, `I`/`L` read as `1` and `O`
/// as `0`, and hyphens (and spaces) are ignored. No check symbol: the receipt's signature already
/// detects every typing error.
enum ReceiptBase32 {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Encodes bytes, most significant bit first, without padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The value of one symbol, or `nil` when it is not a Crockford symbol.
    static func value(of byte: UInt8) -> UInt8? {
        let value = values[Int(byte)]
        return value == 0xFF ? nil : value
    }

    /// Every byte's symbol value (0xFF: not a symbol): upper and lower case, `O` as 0, `I`/`L` as 1.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() {
            table[Int(symbol)] = UInt8(value)
            if symbol >= UInt8(ascii: "A") { table[Int(symbol + 32)] = UInt8(value) }
        }
        for (symbol, value) in [("O", 0), ("I", 1), ("L", 1)] as [(Unicode.Scalar, UInt8)] {
            table[Int(symbol.value)] = value
            table[Int(symbol.value) + 32] = value
        }
        return table
    }()

    /// Decodes symbols (separators already removed) into bytes.
    ///
    /// - Parameter symbols: pairs of (symbol, its offset in the text the person typed).
    /// - Throws: `receipt.malformed` naming the offset of the first bad symbol, or saying the length
    ///   leaves non-zero trailing bits.
    static func decode(_ symbols: [(byte: UInt8, offset: Int)]) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            guard let value = value(of: symbol.byte) else {
                let shown = String(decoding: [symbol.byte], as: UTF8.self)
                throw LedgerError(
                    .malformedReceipt,
                    "character '\(shown)' at offset \(symbol.offset) is not a receipt-code character (0–9, A–Z without U)",
                    field: "code")
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        guard bits < 5, buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw LedgerError(
                .malformedReceipt, "the code has the wrong length or its last character is mistyped", field: "code")
        }
        return output
    }
}
