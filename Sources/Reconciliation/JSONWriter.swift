import Ledger

/// A minimal streaming JSON writer (fixed key order, no intermediate objects) for large reports.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func key(_ name: String) {
        separator()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func beginObject() { begin(UInt8(ascii: "{")) }

    mutating func endObject() { end(UInt8(ascii: "}")) }

    mutating func beginArray() { begin(UInt8(ascii: "[")) }

    mutating func endArray() { end(UInt8(ascii: "]")) }

    /// Opens an object or array: its first member takes no comma.
    private mutating func begin(_ bracket: UInt8) {
        separator()
        bytes.append(bracket)
        needsComma.append(false)
    }

    /// Closes the innermost object or array, which counts as a value of its container.
    private mutating func end(_ bracket: UInt8) {
        needsComma.removeLast()
        bytes.append(bracket)
        needsComma[needsComma.count - 1] = true
    }

    mutating func value(_ text: String?) {
        separator()
        guard let text else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        appendString(text)
    }

    mutating func value(_ number: Int64?) {
        separator()
        guard let number else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        appendDecimal(number, to: &bytes)
    }

    mutating func value(_ number: Int) { value(Int64(number)) }

    mutating func value(_ flag: Bool) {
        separator()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    mutating func field(_ name: String, _ text: String?) {
        key(name)
        value(text)
    }

    mutating func field(_ name: String, _ number: Int64?) {
        key(name)
        value(number)
    }

    private mutating func appendString(_ text: String) {
        JSONEscaping.appendQuoted(text, to: &bytes)
    }
}

/// Appends `value` in decimal without creating a `String` (reports write several numbers per exception).
@inline(__always)
func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
    if value < 0 {
        bytes.append(UInt8(ascii: "-"))
        if value == .min {
            bytes.append(contentsOf: "9223372036854775808".utf8)
            return
        }
    }
    var v = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, least significant first
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[count] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            count += 1
        } while v > 0
        for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
    }
}
