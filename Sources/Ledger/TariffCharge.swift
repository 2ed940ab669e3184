/// How a tariff rule computes an amount.
///
/// JSON: `{"type": "flat", "amount": 2000}` or
/// `{"type": "progressive", "firstBlockMinutes": 60, "firstBlock": 4000, "nextBlockMinutes": 60,
/// "nextBlock": 2000, "dailyCap": 20000, "graceMinutes": 5}`.
public enum TariffCharge: Sendable, Hashable, Codable {
    /// A fixed amount per entry (per started 24 hours for longer stays): Ambon's motorcycles.
    case flat(amount: Rupiah)
    /// A first block, then each further started block, capped per 24 hours.
    case progressive(TariffProgressiveCharge)

    private enum CodingKeys: String, CodingKey { case type, amount }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "flat": self = .flat(amount: try container.decode(Rupiah.self, forKey: .amount))
        case "progressive": self = .progressive(try TariffProgressiveCharge(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "'\(type)' is not a charge type (flat, progressive)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .flat(let amount):
            try container.encode("flat", forKey: .type)
            try container.encode(amount, forKey: .amount)
        case .progressive(let progressive):
            try container.encode("progressive", forKey: .type)
            try progressive.encode(to: encoder)
        }
    }
}

/// A progressive (time-based) charge: a first block, each further started block, a daily cap.
///
/// A stay is split into 24-hour cycles from entry; each cycle is priced like a fresh stay (first
/// block, then further blocks) and capped at ``dailyCap``. A block is charged when it has started:
/// a stay of exactly 60 minutes with a 60-minute first block pays the first block only.
public struct TariffProgressiveCharge: Sendable, Hashable, Codable {
    /// Length of the first block in minutes (1–1440): 60 for "first hour", 120 for "first two hours".
    public var firstBlockMinutes: Int
    /// Price of the first block.
    public var firstBlock: Rupiah
    /// Length of each further block in minutes (1–1440).
    public var nextBlockMinutes: Int
    /// Price of each further started block.
    public var nextBlock: Rupiah
    /// The most one 24-hour cycle can cost, if the regulation sets one.
    public var dailyCap: Rupiah?
    /// A stay this short or shorter (minutes) costs nothing (a pass-through); 0 for none.
    public var graceMinutes: Int

    /// Creates a progressive charge.
    public init(
        firstBlockMinutes: Int, firstBlock: Rupiah, nextBlockMinutes: Int, nextBlock: Rupiah, dailyCap: Rupiah? = nil,
        graceMinutes: Int = 0
    ) {
        self.firstBlockMinutes = firstBlockMinutes
        self.firstBlock = firstBlock
        self.nextBlockMinutes = nextBlockMinutes
        self.nextBlock = nextBlock
        self.dailyCap = dailyCap
        self.graceMinutes = graceMinutes
    }

    private enum CodingKeys: String, CodingKey {
        case firstBlockMinutes, firstBlock, nextBlockMinutes, nextBlock, dailyCap, graceMinutes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstBlockMinutes = try container.decode(Int.self, forKey: .firstBlockMinutes)
        firstBlock = try container.decode(Rupiah.self, forKey: .firstBlock)
        nextBlockMinutes = try container.decode(Int.self, forKey: .nextBlockMinutes)
        nextBlock = try container.decode(Rupiah.self, forKey: .nextBlock)
        dailyCap = try container.decodeIfPresent(Rupiah.self, forKey: .dailyCap)
        graceMinutes = try container.decodeIfPresent(Int.self, forKey: .graceMinutes) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstBlockMinutes, forKey: .firstBlockMinutes)
        try container.encode(firstBlock, forKey: .firstBlock)
        try container.encode(nextBlockMinutes, forKey: .nextBlockMinutes)
        try container.encode(nextBlock, forKey: .nextBlock)
        try container.encodeIfPresent(dailyCap, forKey: .dailyCap)
        try container.encode(graceMinutes, forKey: .graceMinutes)
    }
}
