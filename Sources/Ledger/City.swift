import Foundation

/// The city government that issues invoices: who it is, where its clock is, and how it is paid.
///
/// Read once at start-up from the `city` object of `Config/lunas.json` (see ``CityConfiguration``).
/// The bill-number prefix starts every QRIS bill number (tag 62-01) the city issues, so the
/// acquirer's settlement file can be joined back to Lunas invoices.
public struct City: Sendable, Hashable, Codable {
    /// A short lower-case identifier: `ambon`.
    public var id: String
    /// The government's name as printed on receipts: `Pemerintah Kota Ambon`.
    public var name: String
    /// The province: `Maluku`.
    public var province: String
    /// The city's time zone: `Asia/Jayapura`, WIT.
    public var timeZone: CityTimeZone
    /// The prefix of every bill number the city issues: 2–6 upper-case letters or digits (`AMB`).
    public var billNumberPrefix: String
    /// The city's QRIS merchant identity and its registered static QRIS.
    public var merchant: CityMerchant
    /// Where citizens check a receipt by its short code, as printed on tickets beside it, without
    /// a scheme: `parkir.ambon.go.id/cek` (the server's `GET /cek`). Optional: without it tickets
    /// print the code alone.
    public var checkURL: String?

    /// Creates a city.
    public init(
        id: String, name: String, province: String, timeZone: CityTimeZone, billNumberPrefix: String,
        merchant: CityMerchant, checkURL: String? = nil
    ) {
        self.checkURL = checkURL
        self.id = id
        self.name = name
        self.province = province
        self.timeZone = timeZone
        self.billNumberPrefix = billNumberPrefix
        self.merchant = merchant
    }
}

extension City {
    /// Adds a configuration issue for each invalid field, `path` being the city object's JSON path.
    func validate(at path: String, into issues: inout CityConfigurationIssues) {
        if id.isEmpty
            || !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        {
            issues.add("\(path).id", "must be lower-case letters, digits or '-', got '\(id)'")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).name", "must not be empty") }
        if province.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.add("\(path).province", "must not be empty")
        }
        if timeZone.label.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.add("\(path).timeZone.label", "must not be empty (e.g. WIT)")
        }
        let prefixOK =
            (2...6).contains(billNumberPrefix.unicodeScalars.count)
            && billNumberPrefix.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        if !prefixOK {
            issues.add(
                "\(path).billNumberPrefix", "must be 2–6 upper-case letters or digits, got '\(billNumberPrefix)'")
        }
        if let checkURL,
            !(1...48).contains(checkURL.utf8.count) || !checkURL.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        {
            issues.add(
                "\(path).checkURL", "must be 1–48 printable ASCII characters without spaces, got '\(checkURL)'")
        }
        merchant.validate(at: "\(path).merchant", into: &issues)
    }
}
