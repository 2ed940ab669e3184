/// An amount of money in whole Indonesian rupiah.
///
/// Lunas never stores money as floating point. The rupiah has no minor unit in circulation, so an
/// amount is a signed 64-bit count of whole rupiah; negative values appear only in reports (refunds,
/// reversals, net after MDR).
public struct Rupiah: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number of whole rupiah.
    public var value: Int64

    /// Creates an amount from a number of whole rupiah.
    public init(_ value: Int64) {
        self.value = value
    }

    /// Zero rupiah.
    public static let zero = Rupiah(0)

    public static func < (lhs: Rupiah, rhs: Rupiah) -> Bool { lhs.value < rhs.value }

    /// Adds two amounts, trapping on overflow (an overflow is a programming error, never data).
    public static func + (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.value + rhs.value) }

    /// Subtracts two amounts, trapping on overflow.
    public static func - (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.value - rhs.value) }

    public static func += (lhs: inout Rupiah, rhs: Rupiah) { lhs.value += rhs.value }

    public static func -= (lhs: inout Rupiah, rhs: Rupiah) { lhs.value -= rhs.value }

    /// Multiplies an amount by a whole factor (a count of hours, of entries).
    public static func * (lhs: Rupiah, rhs: Int64) -> Rupiah { Rupiah(lhs.value * rhs) }

    /// The amount as Indonesians write it: `Rp5.000`, `-Rp12.500` (dot as thousands separator).
    public var formatted: String {
        let digits = String(value.magnitude)
        var grouped = ""
        grouped.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return (value < 0 ? "-Rp" : "Rp") + grouped
    }

    /// The plain decimal value, as used in QRIS tag 54 and CSV files: `5000`.
    public var description: String { String(value) }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
