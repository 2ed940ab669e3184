import Foundation

/// Shared behaviour of the ledger's identifier types (`Invoice.ID`, `Device.ID`, …).
///
/// Identifiers are opaque strings. Those the ledger makes itself are a short type prefix and
/// 20 random Crockford base32 characters (100 bits), e.g. `inv_7K3QX9M2PA4B8C1D5E6F`.
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
        return Self(prefix + "_" + LedgerSymbols.random(count: 20, using: &generator))
    }
}

/// Crockford base32 (digits and upper-case letters without I, L, O, U): unambiguous when read
/// aloud or typed from paper.
enum LedgerSymbols {
    /// The 32 symbols in value order.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// `count` random symbols.
    static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        var symbols: [Character] = []
        symbols.reserveCapacity(count)
        var bits: UInt64 = 0
        var available = 0
        for _ in 0..<count {
            // Five bits per symbol, twelve symbols per 64-bit draw (one system call, not twelve).
            if available < 5 {
                bits = generator.next()
                available = 64
            }
            symbols.append(alphabet[Int(bits & 31)])
            bits >>= 5
            available -= 5
        }
        return String(symbols)
    }
}
