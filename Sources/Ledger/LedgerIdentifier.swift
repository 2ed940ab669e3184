import Foundation

/// Shared behaviour of the ledger's identifier types (`Invoice.ID`, `Device.ID`, …).
///
/// Identifiers are opaque strings. Those the ledger makes itself are a short type prefix, the time
/// in milliseconds as 10 Crockford base32 characters and 10 random ones (50 bits), e.g.
/// `inv_1KQ3Z8X0MA7K3QX9M2PA`: unique, unguessable, and ordered by creation time, so that new rows
/// land at the end of the database's indexes instead of on random pages.
public protocol LedgerIdentifier: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The identifier's text.
    var rawValue: String { get }
    /// Wraps existing identifier text.
    init(_ rawValue: String)
    /// The prefix of identifiers that the ledger generates for this type.
    static var prefix: String { get }
}

extension LedgerIdentifier {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A new random identifier with this type's prefix.
    public static func generate() -> Self {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, Date().ledgerMilliseconds))
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(bytes.count + 21)
        bytes.append(UInt8(ascii: "_"))
        LedgerSymbols.append(milliseconds, count: 10, to: &bytes)
        LedgerSymbols.appendRandom(count: 10, to: &bytes, using: &generator)
        return Self(String(decoding: bytes, as: UTF8.self))
    }
}

/// Crockford base32 (digits and upper-case letters without I, L, O, U): unambiguous when read
/// aloud or typed from paper.
enum LedgerSymbols {
    /// The 32 symbols in value order, as ASCII bytes.
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The low `5 * count` bits of `value`, most significant symbol first (fixed width, so the
    /// text sorts as the number does).
    static func encode(_ value: UInt64, count: Int) -> String {
        var bytes: [UInt8] = []
        append(value, count: count, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``encode(_:count:)`` appended to ASCII bytes.
    static func append(_ value: UInt64, count: Int, to bytes: inout [UInt8]) {
        for shift in (0..<count).reversed() {
            bytes.append(alphabet[Int((value >> UInt64(5 * shift)) & 31)])
        }
    }

    /// `count` random symbols.
    static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        appendRandom(count: count, to: &bytes, using: &generator)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``random(count:using:)`` appended to ASCII bytes.
    static func appendRandom(count: Int, to bytes: inout [UInt8], using generator: inout some RandomNumberGenerator) {
        bytes.reserveCapacity(bytes.count + count)
        var bits: UInt64 = 0
        var available = 0
        for _ in 0..<count {
            // Five bits per symbol, twelve symbols per 64-bit draw (one system call, not twelve).
            if available < 5 {
                bits = generator.next()
                available = 64
            }
            bytes.append(alphabet[Int(bits & 31)])
            bits >>= 5
            available -= 5
        }
    }
}
