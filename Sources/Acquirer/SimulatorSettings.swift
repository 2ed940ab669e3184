/// The simulator's own records in a profile: the merchants it acquires for.
public struct SimulatorSettings: Sendable, Hashable, Codable {
    /// The merchants.
    public var merchants: [SimulatedMerchant]
    /// Issuers the simulated payer picks from when a payment names none.
    public var issuers: [String]?

    /// Creates a value from its fields.
    public init(merchants: [SimulatedMerchant], issuers: [String]? = nil) {
        self.merchants = merchants
        self.issuers = issuers
    }
}

/// A merchant the simulator acquires for.
public struct SimulatedMerchant: Sendable, Hashable, Codable {
    /// The SNAP `merchantId`.
    public var merchantId: String
    /// National Merchant ID (QRIS tag 51-02), 15 characters, `ID…`.
    public var nmid: String
    /// The merchant name (QRIS tag 59).
    public var name: String
    /// MDR category in `mdr.json` (`UMI`, `P2G`, `REGULAR`).
    public var category: String
    /// ISO 18245 merchant category code (QRIS tag 52).
    public var mcc: String?
    /// Accept payments of QRs the merchant composed from its static QRIS (Lunas `local` mode),
    /// keyed by their bill number.
    public var acceptsStaticBills: Bool

    /// Creates a value from its fields.
    public init(
        merchantId: String, nmid: String, name: String, category: String, mcc: String? = nil, acceptsStaticBills: Bool
    ) {
        self.merchantId = merchantId
        self.nmid = nmid
        self.name = name
        self.category = category
        self.mcc = mcc
        self.acceptsStaticBills = acceptsStaticBills
    }
}
