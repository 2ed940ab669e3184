/// The city's QRIS merchant identity, as registered with its acquiring bank and the national
/// merchant repository (PTEN).
///
/// These fields appear in every QRIS payload the city shows (ASPI QRIS / EMVCo MPM tags 51, 52,
/// 59, 60, 61). Citizens are told to pay only a QRIS that shows this merchant name, which is the
/// defence against fake personal QRIS stickers. ``staticQRIS`` is the payload the acquirer issued
/// for the city; at load time Lunas checks that it agrees with the other fields.
public struct CityMerchant: Sendable, Hashable, Codable {
    /// Merchant name, QRIS tag 59: printable ASCII, at most 25 characters.
    public var name: String
    /// Merchant city, QRIS tag 60: printable ASCII, at most 15 characters.
    public var city: String
    /// Postal code, QRIS tag 61 (mandatory in Indonesia): five digits, `97126`.
    public var postalCode: String
    /// Merchant category code (ISO 18245), QRIS tag 52: four digits. `9399` government services.
    public var mcc: String
    /// National Merchant ID (NMID), QRIS tag 51-02, assigned through PTEN: `ID` + 13 letters/digits.
    public var nmid: String
    /// Merchant criteria, QRIS tag 51-03.
    public var criteria: CityMerchantCriteria
    /// The MDR tier the acquirer registered (the payload cannot prove it; reconciliation uses it).
    public var mdrCategory: CityMDRCategory
    /// The acquirer's merchant-account template (QRIS tags 26–45), when the city knows it.
    public var account: CityMerchantAccount?
    /// The registered static QRIS payload (point of initiation `11`), exactly as issued.
    public var staticQRIS: String

    /// Creates a merchant identity.
    public init(
        name: String, city: String, postalCode: String, mcc: String, nmid: String,
        criteria: CityMerchantCriteria, mdrCategory: CityMDRCategory, account: CityMerchantAccount?,
        staticQRIS: String
    ) {
        self.name = name
        self.city = city
        self.postalCode = postalCode
        self.mcc = mcc
        self.nmid = nmid
        self.criteria = criteria
        self.mdrCategory = mdrCategory
        self.account = account
        self.staticQRIS = staticQRIS
    }
}

/// The acquirer's merchant-account template in a QRIS payload (tags 26–45, ASPI QRIS 4.7.5).
public struct CityMerchantAccount: Sendable, Hashable, Codable {
    /// Sub-tag 00: the acquirer's reverse-domain GUID, at most 32 characters (`ID.CO.BRI.WWW`).
    public var globalUniqueIdentifier: String
    /// Sub-tag 01: the merchant PAN, digits only, at most 19, starting with the acquirer's NNS (`9360…`).
    public var pan: String
    /// Sub-tag 02: the acquirer's merchant ID, at most 15 characters.
    public var merchantID: String

    /// Creates a merchant-account template.
    public init(globalUniqueIdentifier: String, pan: String, merchantID: String) {
        self.globalUniqueIdentifier = globalUniqueIdentifier
        self.pan = pan
        self.merchantID = merchantID
    }
}

/// Merchant criteria, QRIS tag 51-03 (ASPI QRIS table 4.6).
public enum CityMerchantCriteria: String, Sendable, Hashable, Codable, CaseIterable {
    /// Usaha mikro (micro).
    case micro = "UMI"
    /// Usaha kecil (small).
    case small = "UKE"
    /// Usaha menengah (medium).
    case medium = "UME"
    /// Usaha besar (large).
    case large = "UBE"
    /// Usaha reguler (regular; what an issuer assumes when the tag is absent).
    case regular = "URE"
    /// Public service obligation.
    case pso = "PSO"
    /// Badan Layanan Umum (public service agency).
    case blu = "BLU"
}

/// The merchant discount rate (MDR) tier an acquirer registered the merchant under (Bank Indonesia).
///
/// 0% for government payments (P2G/G2P); tiered for micro merchants; 0.4% for PSO/BLU; 0.6% for
/// education; 0.7% for regular merchants. The percentages live in the reconciliation MDR schedule;
/// this is only the tier name.
public enum CityMDRCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Person-to-government payments (taxes, retribusi): 0%.
    case government = "p2g"
    /// Micro merchants (UMI).
    case micro
    /// Public service obligation and BLU.
    case publicService = "pso-blu"
    /// Education.
    case education
    /// Regular merchants.
    case regular
}

extension CityMDRCategory {
    /// The category in the MDR schedule (`Config/mdr.json`) for this tier; regular merchants have
    /// none and pay the schedule's default rate.
    public var scheduleCategory: String? {
        switch self {
        case .government: "P2G"
        case .micro: "UMI"
        case .publicService: "PSO"
        case .education: "EDU"
        case .regular: nil
        }
    }
}
