/// A public fee (retribusi) the city collects at a fixed amount or within bounds.
///
/// JSON: `{"code": "PASAR-LOS-HARIAN", "name": "Retribusi pelayanan pasar — los, per hari",
/// "amount": 5000, "legalBasis": {...}}` or with `"minimum"` and `"maximum"` instead of `"amount"`
/// when the officer or payer enters the assessed amount.
public struct Fee: Sendable, Hashable, Codable, Identifiable {
    /// How the amount of a fee is set.
    public enum Amount: Sendable, Hashable {
        /// Always this amount.
        case fixed(Rupiah)
        /// Entered at payment time, within these bounds (inclusive).
        case bounded(minimum: Rupiah, maximum: Rupiah)
    }

    /// The stable code devices and the API send: upper-case letters, digits and `-` (`PASAR-LOS-HARIAN`).
    public var code: String
    /// The Indonesian name a citizen reads on the receipt.
    public var name: String
    /// Fixed or bounded.
    public var amount: Amount
    /// What one payment covers, in Indonesian (`per hari`, `per bulan`), if the regulation says.
    public var unit: String?
    /// The regulation and article that set the fee.
    public var legalBasis: LegalBasis

    /// The fee's identity is its code.
    public var id: String { code }

    /// Creates a fee.
    public init(code: String, name: String, amount: Amount, unit: String? = nil, legalBasis: LegalBasis) {
        self.code = code
        self.name = name
        self.amount = amount
        self.unit = unit
        self.legalBasis = legalBasis
    }

    private enum CodingKeys: String, CodingKey { case code, name, amount, minimum, maximum, unit, legalBasis }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        name = try container.decode(String.self, forKey: .name)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        legalBasis = try container.decode(LegalBasis.self, forKey: .legalBasis)
        let fixed = try container.decodeIfPresent(Rupiah.self, forKey: .amount)
        let minimum = try container.decodeIfPresent(Rupiah.self, forKey: .minimum)
        let maximum = try container.decodeIfPresent(Rupiah.self, forKey: .maximum)
        switch (fixed, minimum, maximum) {
        case (let fixed?, nil, nil): amount = .fixed(fixed)
        case (nil, let minimum?, let maximum?): amount = .bounded(minimum: minimum, maximum: maximum)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container,
                debugDescription: "give either 'amount' (fixed) or both 'minimum' and 'maximum' (bounded)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        switch amount {
        case .fixed(let value): try container.encode(value, forKey: .amount)
        case .bounded(let minimum, let maximum):
            try container.encode(minimum, forKey: .minimum)
            try container.encode(maximum, forKey: .maximum)
        }
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(legalBasis, forKey: .legalBasis)
    }
}

extension Fee.Amount {
    /// The amount as a citizen reads it: `Rp5.000`, or `Rp2.000–Rp10.000` for a bounded fee.
    public var formatted: String {
        switch self {
        case .fixed(let value): value.formatted
        case .bounded(let minimum, let maximum): "\(minimum.formatted)–\(maximum.formatted)"
        }
    }
}
