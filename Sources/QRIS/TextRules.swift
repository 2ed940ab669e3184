/// Character-level rules: the EMV "ans" set, combining marks, control characters, and quoting
/// bad values for messages.
enum TextRules {
    /// EMV Book 4 Annex B "Common Character Set": printable ASCII 0x20–0x7E (EMVCo MPM 4.1).
    @inline(__always)
    static func isANS(_ byte: UInt8) -> Bool { byte >= 0x20 && byte <= 0x7E }

    /// Whether the scalar is a C0/C1 control character or DEL.
    @inline(__always)
    static func isControl(_ scalar: UInt32) -> Bool {
        scalar < 0x20 || (0x7F...0x9F).contains(scalar)
    }

    /// Whether the scalar is a combining mark from the common combining blocks, a sign that the
    /// text is not precomposed (NFC) as EMVCo's "S" format expects (EMVCo MPM 4.1).
    @inline(__always)
    static func isCombiningMark(_ scalar: UInt32) -> Bool {
        (0x0300...0x036F).contains(scalar) || (0x1AB0...0x1AFF).contains(scalar)
            || (0x1DC0...0x1DFF).contains(scalar) || (0x20D0...0x20FF).contains(scalar)
            || (0xFE20...0xFE2F).contains(scalar)
    }

    /// Decodes the scalar starting at `index` of valid UTF-8 and its width.
    @inline(__always)
    static func scalar(at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (value: UInt32, width: Int) {
        let lead = buffer[index]
        switch QRISParser.scalarWidth(lead) {
        case 1:
            return (UInt32(lead), 1)
        case 2:
            return ((UInt32(lead & 0x1F) << 6) | UInt32(buffer[index + 1] & 0x3F), 2)
        case 3:
            return (
                (UInt32(lead & 0x0F) << 12) | (UInt32(buffer[index + 1] & 0x3F) << 6)
                    | UInt32(buffer[index + 2] & 0x3F), 3
            )
        default:
            return (
                (UInt32(lead & 0x07) << 18) | (UInt32(buffer[index + 1] & 0x3F) << 12)
                    | (UInt32(buffer[index + 2] & 0x3F) << 6) | UInt32(buffer[index + 3] & 0x3F), 4
            )
        }
    }

    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether `buffer[from..<to]` is all ASCII, 8 bytes at a time.
    @inline(__always)
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        guard let base = buffer.baseAddress else { return from == to }
        let raw = UnsafeRawPointer(base)
        var index = from
        while to - index >= 8 {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits != 0 { return false }
            index += 8
        }
        while index < to {
            if buffer[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// The index of the first byte in `buffer` that is not printable ASCII (0x20–0x7E), or nil.
    /// Checks 8 bytes at a time: a word is clean when no byte has the high bit, none is below
    /// 0x20 (subtracting 0x20 borrows into the high bit) and none is 0x7F (adding 1 carries into it).
    @inline(__always)
    static func firstNonANS(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = 0
        let count = buffer.count
        while count - index >= 8 {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let bad =
                (word & highBits) | ((word &- 0x2020_2020_2020_2020) & highBits)
                | ((word &+ 0x0101_0101_0101_0101) & highBits)
            if bad != 0 { break }
            index += 8
        }
        while index < count {
            if !isANS(buffer[index]) { return index }
            index += 1
        }
        return nil
    }

    /// Whether `bytes` are exactly the UTF-8 of a static string.
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            guard expected.count == bytes.count else { return false }
            for index in 0..<bytes.count where expected[index] != bytes[index] { return false }
            return true
        }
    }

    /// Whether every byte of `text` is printable ASCII.
    static func isANS(_ text: String) -> Bool {
        text.utf8.allSatisfy(isANS)
    }

    /// Whether `text` is only ASCII digits (and not empty).
    static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }
}

/// Quoting of values in messages: control characters and non-ASCII are made visible so a
/// message never carries raw control bytes to a terminal or a log.
enum Printable {
    /// `'value'` with control characters escaped as `\u{…}`; long values are shortened with `…`.
    static func quote(_ text: String, limit: Int = 40) -> String {
        var result = "'"
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            if TextRules.isControl(scalar.value) || scalar.value == 0x27 || scalar.value == 0x5C {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result + "'"
    }
}

/// UTF-8 validation that reports where the first bad byte is.
enum UTF8Check {
    /// The offset of the first byte that does not start or continue a valid UTF-8 scalar, or nil.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let start = index
            guard let width = validScalarWidth(bytes, at: index) else { return start }
            index += width
        }
        return nil
    }

    private static func validScalarWidth(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        let width: Int
        let minimum: UInt32
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (width, minimum) = (2, 0x80)
        case 0xE0...0xEF: (width, minimum) = (3, 0x800)
        case 0xF0...0xF4: (width, minimum) = (4, 0x10000)
        default: return nil
        }
        guard index + width <= bytes.count else { return nil }
        var value = UInt32(lead) & (0xFF >> (width + 1))
        for offset in 1..<width {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = (value << 6) | UInt32(byte & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return width
    }

    /// The `utf8.invalid` error for bytes that failed validation.
    static func invalidError(_ bytes: [UInt8]) -> QRISError {
        let offset = firstInvalidByte(bytes) ?? 0
        let characters = bytes[..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let hex = String(bytes[min(offset, bytes.count - 1)], radix: 16, uppercase: true)
        return QRISError(
            .utf8Invalid, "the input is not valid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at byte \(offset)",
            characterOffset: characters, byteOffset: offset)
    }
}
