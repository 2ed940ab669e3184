import Ledger

/// A SNAP money object, `{"value":"10000.00","currency":"IDR"}`, holding whole ``Rupiah``.
///
/// SNAP sends amounts as decimal strings with two decimals (ISO 4217 minor units for IDR). Lunas
/// keeps money as whole rupiah, so decoding accepts `10000`, `10000.0` or `10000.00` and refuses a
/// non-zero fraction (`10000.50`), a JSON number, a sign, an exponent, leading zeros, an amount too
/// large for `Int64`, and any currency but `IDR`. Encoding always writes two decimals. No floating
/// point is involved at any step.
public struct SNAPAmount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in whole rupiah.
    public var rupiah: Rupiah
    /// The ISO 4217 currency code; always `IDR` in Lunas.
    public var currency: String

    /// An amount in IDR.
    public init(_ rupiah: Rupiah) {
        self.rupiah = rupiah
        self.currency = "IDR"
    }

    /// The largest amount a QRIS payload can carry: tag 54 holds at most 13 characters.
    public static let maximumQRIS = Rupiah(9_999_999_999_999)

    /// The SNAP `value` text: `10000.00`.
    public var value: String { "\(rupiah.value).00" }

    /// Parses a SNAP amount `value` into whole rupiah.
    /// - Parameter field: the field name for the error message (`amount.value`).
    /// - Throws: ``AcquirerError`` `amount.invalid` or `amount.fractionalRupiah`, naming the value.
    public static func parseValue(_ text: String, field: String = "amount.value") throws(AcquirerError) -> Rupiah {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        guard !whole.isEmpty, whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            whole == "0" || whole.first != "0"
        else {
            throw AcquirerError(
                .invalidAmount, "\(field) must be a decimal string like \"10000.00\", got \"\(text)\"", field: field)
        }
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw AcquirerError(
                    .invalidAmount, "\(field) must have 1 or 2 decimals, got \"\(text)\"", field: field)
            }
            guard fraction.utf8.allSatisfy({ $0 == 48 }) else {
                throw AcquirerError(
                    .fractionalRupiah, "\(field) \"\(text)\" has a fraction of a rupiah; only .00 is accepted",
                    field: field)
            }
        }
        guard let value = Int64(whole) else {
            throw AcquirerError(.invalidAmount, "\(field) \"\(text)\" is too large", field: field)
        }
        return Rupiah(value)
    }

    private enum CodingKeys: String, CodingKey {
        case value, currency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let path = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        let prefix = path.isEmpty ? "amount" : path
        let text: String
        do {
            text = try container.decode(String.self, forKey: .value)
        } catch DecodingError.typeMismatch {
            throw AcquirerError(
                .invalidAmount, "\(prefix).value must be a string like \"10000.00\", not a JSON number",
                field: "\(prefix).value")
        }
        rupiah = try Self.parseValue(text, field: "\(prefix).value")
        currency = try container.decode(String.self, forKey: .currency)
        guard currency == "IDR" else {
            throw AcquirerError(
                .invalidAmount, "\(prefix).currency must be \"IDR\", got \"\(currency)\"", field: "\(prefix).currency")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(currency, forKey: .currency)
    }

    public var description: String { "\(value) \(currency)" }
}

extension AcquirerError.Code {
    /// An amount is not a well-formed SNAP decimal string, or not IDR.
    public static let invalidAmount = Self("amount.invalid")
    /// An amount has a non-zero fraction of a rupiah.
    public static let fractionalRupiah = Self("amount.fractionalRupiah")
}
