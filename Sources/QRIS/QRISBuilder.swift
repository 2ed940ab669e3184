/// Builds a QRIS payload from a typed model: ascending tag order, integer rupiah, NFC text, and
/// an error (never silent truncation) for any value that does not fit.
///
/// ```swift
/// var builder = QRISBuilder(merchantName: "DISHUB KOTA AMBON", merchantCity: "AMBON",
///                           postalCode: "97126", merchantCategoryCode: "9399")
/// builder.national = .init(nmid: "ID1020000000001", criteria: "UMI")
/// let payload = try builder.build()
/// ```
public struct QRISBuilder: Sendable {
    /// Tag 01: printed once for many payments, or one code per payment.
    public enum Initiation: String, Sendable {
        /// `11`: the payer enters the amount unless 54 is set.
        case staticCode = "11"
        /// `12`: one payment, amount in 54.
        case dynamicCode = "12"
    }

    /// A PJP merchant account template (26–45).
    public struct Account: Sendable {
        /// The tag, 26–45.
        public var tag: Int
        /// Sub-tag 00, reverse domain of the PJP (`ID.CO.BANKMALUKU.WWW`).
        public var guid: String
        /// Sub-tag 01, the merchant PAN: NNS + merchant number, digits, at most 19.
        public var pan: String
        /// Sub-tag 02, the merchant ID at the PJP (at most 15).
        public var merchantID: String?
        /// Sub-tag 03, merchant criteria.
        public var criteria: String?

        /// Creates an account template.
        public init(tag: Int = 26, guid: String, pan: String, merchantID: String? = nil, criteria: String? = nil) {
            self.tag = tag
            self.guid = guid
            self.pan = pan
            self.merchantID = merchantID
            self.criteria = criteria
        }
    }

    /// Tag 51, the national QRIS repository template.
    public struct National: Sendable {
        /// Sub-tag 00: `ID.CO.QRIS.WWW` (or `ID.OR.QRNPG.WWW`).
        public var guid: String
        /// Sub-tag 02: the NMID, `ID` + 13 digits or capitals.
        public var nmid: String
        /// Sub-tag 03: merchant criteria.
        public var criteria: String?

        /// Creates the national template.
        public init(guid: String = "ID.CO.QRIS.WWW", nmid: String, criteria: String? = nil) {
            self.guid = guid
            self.nmid = nmid
            self.criteria = criteria
        }
    }

    /// Tags 55–57.
    public enum Tip: Sendable {
        /// `55=01`: the payer's app asks for a tip.
        case prompt
        /// `55=02` with a fixed fee in rupiah in 56.
        case fixed(Int64)
        /// `55=03` with a percentage in hundredths of a percent in 57 (250 = 2.50%).
        case percentage(hundredths: Int)
    }

    /// Tag 62 sub-objects 01–08; each at most 25 printable ASCII characters.
    public struct AdditionalData: Sendable {
        /// 62.01, the bill (invoice) number: Lunas' join key.
        public var billNumber: String?
        /// 62.02.
        public var mobileNumber: String?
        /// 62.03.
        public var storeLabel: String?
        /// 62.04.
        public var loyaltyNumber: String?
        /// 62.05, a reference for this payment.
        public var referenceLabel: String?
        /// 62.06.
        public var customerLabel: String?
        /// 62.07, the device or counter that shows the code.
        public var terminalLabel: String?
        /// 62.08, purpose of transaction.
        public var purpose: String?

        /// Creates additional data.
        public init(
            billNumber: String? = nil, referenceLabel: String? = nil, terminalLabel: String? = nil,
            storeLabel: String? = nil, purpose: String? = nil
        ) {
            self.billNumber = billNumber
            self.referenceLabel = referenceLabel
            self.terminalLabel = terminalLabel
            self.storeLabel = storeLabel
            self.purpose = purpose
        }
    }

    /// Tag 64: the merchant's name (and city) in another language or script.
    public struct Language: Sendable {
        /// ISO 639 two-letter code, e.g. `ID`.
        public var code: String
        /// Any precomposed Unicode, at most 25 characters.
        public var merchantName: String
        /// At most 15 characters.
        public var merchantCity: String?

        /// Creates a language template.
        public init(code: String, merchantName: String, merchantCity: String? = nil) {
            self.code = code
            self.merchantName = merchantName
            self.merchantCity = merchantCity
        }
    }

    /// Tag 01; static by default.
    public var initiation: Initiation = .staticCode
    /// PJP templates 26–45, written in ascending tag order.
    public var accounts: [Account] = []
    /// Tag 51; required for a static code.
    public var national: National?
    /// Tag 52, ISO 18245 (`9399` government services).
    public var merchantCategoryCode: String
    /// Tag 53, ISO 4217 numeric.
    public var currency: String = "360"
    /// Tag 54, whole rupiah; nil lets the payer enter the amount.
    public var amount: Int64?
    /// Tags 55–57; nil for none (a city invoice never carries a fee).
    public var tip: Tip?
    /// Tag 58.
    public var countryCode: String = "ID"
    /// Tag 59: printable ASCII, at most 25 characters.
    public var merchantName: String
    /// Tag 60: printable ASCII, at most 15 characters.
    public var merchantCity: String
    /// Tag 61: at most 10 characters; QRIS requires it in Indonesia.
    public var postalCode: String?
    /// Tag 62, written when any field is set.
    public var additionalData = AdditionalData()
    /// Tag 64.
    public var language: Language?

    /// Creates a builder for a static code; set the other properties before ``build()``.
    public init(merchantName: String, merchantCity: String, postalCode: String?, merchantCategoryCode: String) {
        self.merchantName = merchantName
        self.merchantCity = merchantCity
        self.postalCode = postalCode
        self.merchantCategoryCode = merchantCategoryCode
    }
}
