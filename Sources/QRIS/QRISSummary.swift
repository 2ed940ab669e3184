/// What a payer's app will show for a payload, for support staff: merchant, NMID, acquirers,
/// amount, fees and references.
public struct QRISSummary: Sendable {
    /// One merchant account, with the acquirer's common name when its GUID is known.
    public struct Acquirer: Sendable {
        /// The template tag, 26–51.
        public var tag: Int
        /// Sub-tag 00.
        public var guid: String?
        /// `BRI`, `GoPay`, `national repository`, or nil when the GUID is not in the table.
        public var name: String?
        /// Sub-tag 01, the MPAN.
        public var pan: String?
        /// Sub-tag 02: merchant ID, or the NMID in tag 51.
        public var merchantID: String?
        /// Sub-tag 03.
        public var criteria: String?
    }

    /// Tag 59.
    public var merchantName: String?
    /// Tag 60.
    public var merchantCity: String?
    /// Tag 61.
    public var postalCode: String?
    /// 64.01, the merchant's name in another language or script.
    public var alternateMerchantName: String?
    /// Tag 51.02.
    public var nmid: String?
    /// `static` (01 = 11), `dynamic` (01 = 12), or the raw value.
    public var initiation: String
    /// The merchant account templates 26–51.
    public var acquirers: [Acquirer]
    /// `Rp25.000`, or nil when the payer enters the amount.
    public var amount: String?
    /// The tip or fee the payer's app adds or asks for.
    public var fee: String?
    /// Tag 62.01.
    public var billNumber: String?
    /// Tag 62.05.
    public var referenceLabel: String?
    /// Tag 62.07.
    public var terminalLabel: String?

    /// Summarises a parsed payload.
    public init(_ payload: QRISPayload) {
        merchantName = payload.merchantName
        merchantCity = payload.merchantCity
        postalCode = payload.postalCode
        alternateMerchantName = payload.value("64.01")
        nmid = payload.nmid
        switch payload.pointOfInitiation {
        case "11": initiation = "static"
        case "12": initiation = "dynamic"
        case let other?: initiation = "unknown (\(other))"
        case nil: initiation = "not stated"
        }
        acquirers = payload.merchantAccounts.map { account in
            Acquirer(
                tag: account.tag, guid: account.guid, name: account.guid.flatMap { Self.knownGUIDs[$0] },
                pan: account.pan, merchantID: account.merchantID, criteria: account.criteria)
        }
        amount = payload.value("54").map { QRISAmount($0)?.displayText ?? "invalid (\(Printable.quote($0)))" }
        switch payload.value("55") {
        case "01": fee = "the payer is asked for a tip"
        case "02":
            fee = "fixed convenience fee " + (payload.value("56").flatMap(QRISAmount.init)?.displayText ?? "(missing)")
        case "03": fee = "convenience fee " + (payload.value("57").map { $0 + "%" } ?? "(missing)")
        case let other?: fee = "unknown indicator \(Printable.quote(other))"
        case nil: fee = nil
        }
        billNumber = payload.billNumber
        referenceLabel = payload.referenceLabel
        terminalLabel = payload.terminalLabel
    }

    /// GUIDs seen in real QRIS codes and the names payers know them by.
    static let knownGUIDs: [String: String] = [
        "ID.CO.QRIS.WWW": "national repository (QRIS)",
        "ID.OR.QRNPG.WWW": "national repository (QRNPG)",
        "COM.GO-JEK.WWW": "GoPay",
        "ID.DANA.WWW": "DANA",
        "ID.CO.SHOPEE.WWW": "ShopeePay",
        "ID.CO.BRI.WWW": "BRI",
        "ID.CO.BANKMANDIRI.WWW": "Bank Mandiri",
        "COM.NOBUBANK.WWW": "Nobu Bank",
        "ID.CO.CIMBNIAGA.WWW": "CIMB Niaga",
        "CO.XENDIT.WWW": "Xendit",
        "COM.BANKSUMSELBABEL.WWW": "Bank Sumsel Babel",
        "COM.TELKOMSEL.WWW": "Telkomsel",
    ]

    /// The summary as `label: value` lines.
    public var lines: [String] {
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            if let value { lines.append("\(label): \(value)") }
        }
        add("Merchant", merchantName.map { name in merchantCity.map { "\(name), \($0)" } ?? name })
        add("Merchant (alternate)", alternateMerchantName)
        add("Postal code", postalCode)
        add("NMID", nmid)
        add("Code", initiation)
        for acquirer in acquirers {
            var text = acquirer.name ?? "unknown acquirer"
            if let guid = acquirer.guid { text += " (\(guid))" }
            if let pan = acquirer.pan { text += ", MPAN \(pan)" }
            if let id = acquirer.merchantID { text += ", \(acquirer.tag == 51 ? "NMID" : "merchant ID") \(id)" }
            if let criteria = acquirer.criteria { text += ", criteria \(criteria)" }
            add("Account \(acquirer.tag)", text)
        }
        add("Amount", amount ?? "entered by the payer")
        add("Fee", fee)
        add("Bill number", billNumber)
        add("Reference label", referenceLabel)
        add("Terminal label", terminalLabel)
        return lines
    }
}
