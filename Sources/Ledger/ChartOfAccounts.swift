import Foundation

/// The city's chart-of-accounts codes for the daily journal (`Config/accounts.json`): the bank
/// account, the MDR expense, the receivable for paid-not-settled money, a suspense account, and a
/// revenue account per revenue line (`fee:CODE`, `parking`, `parking:CLASS`) with a default.
///
/// ```json
/// {"bank": {"code": "1.1.1.03.01", "name": "Kas di Bank"}, "mdrExpense": {…}, "receivable": {…},
///  "suspense": {…}, "revenue": {"default": {…}, "lines": {"parking": {…}, "fee:PASAR-LOS-HARIAN": {…}}}}
/// ```
public struct ChartOfAccounts: Sendable, Hashable {
    /// One account: its code in the city's chart (Permendagri 90/2019 style) and its name.
    public struct Account: Sendable, Hashable {
        public var code: String
        public var name: String

        /// Creates a value from its parts.
        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public var bank: Account
    public var mdrExpense: Account
    public var receivable: Account
    public var suspense: Account
    /// Revenue for lines that ``revenueLines`` does not name.
    public var defaultRevenue: Account
    /// Revenue by line: `fee:CODE`, `parking:CLASS`, or `parking` for every vehicle class.
    public var revenueLines: [String: Account]

    /// Creates a value from its parts.
    public init(
        bank: Account, mdrExpense: Account, receivable: Account, suspense: Account, defaultRevenue: Account,
        revenueLines: [String: Account]
    ) {
        self.bank = bank
        self.mdrExpense = mdrExpense
        self.receivable = receivable
        self.suspense = suspense
        self.defaultRevenue = defaultRevenue
        self.revenueLines = revenueLines
    }

    /// The revenue account of a revenue line: the line itself, then its kind (`fee`, `parking`),
    /// then the default.
    public func revenue(for line: String) -> Account {
        if let account = revenueLines[line] { return account }
        if let kind = line.split(separator: ":").first, let account = revenueLines[String(kind)] { return account }
        return defaultRevenue
    }

    /// Reads `accounts.json`, refusing unknown keys and bad values by their JSON path.
    /// - Throws: `LedgerError` `accounts.invalid` naming the field.
    public init(json: Data, context: String = "accounts.json") throws {
        let failure: ConfigObject.Failure = { LedgerError(.accountsInvalid, $0, field: $1) }
        let root = try ConfigObject(
            ConfigValue.parse(json, what: context, failure: failure), context: context,
            allowed: ["bank", "mdrExpense", "receivable", "suspense", "revenue", "description"], failure: failure)
        func account(_ value: ConfigValue?, path: String) throws -> Account {
            let object = try ConfigObject(
                value ?? .null, context: "\(context) \(path)", path: path, allowed: ["code", "name"],
                failure: failure)
            let code = try object.requiredString("code")
            guard !code.isEmpty, code.utf8.count <= 32, code.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw object.fail("code", "must be 1–32 printable ASCII characters without spaces")
            }
            let name = try object.requiredString("name")
            guard !name.isEmpty, name.unicodeScalars.count <= 120 else { throw object.fail("name", "must be 1–120 characters") }
            return Account(code: code, name: name)
        }
        let revenue = try ConfigObject(
            root.members["revenue"] ?? .null, context: "\(context) revenue", path: "revenue",
            allowed: ["default", "lines"], failure: failure)
        var lines: [String: Account] = [:]
        if let value = revenue.members["lines"], value != .null {
            guard case .object(let members, _) = value else { throw revenue.fail("lines", "must be an object") }
            for key in members.keys.sorted() {
                guard key == "fee" || key == "parking" || key.hasPrefix("fee:") || key.hasPrefix("parking:") else {
                    throw revenue.fail("lines", "has key \"\(key)\": a line is fee, parking, fee:CODE or parking:CLASS")
                }
                lines[key] = try account(members[key], path: "revenue.lines.\(key)")
            }
        }
        self.init(
            bank: try account(root.members["bank"], path: "bank"),
            mdrExpense: try account(root.members["mdrExpense"], path: "mdrExpense"),
            receivable: try account(root.members["receivable"], path: "receivable"),
            suspense: try account(root.members["suspense"], path: "suspense"),
            defaultRevenue: try account(revenue.members["default"], path: "revenue.default"), revenueLines: lines)
    }
}

extension LedgerError.Code {
    /// `accounts.json` is malformed or has an unknown key.
    public static let accountsInvalid = Self("accounts.invalid")
}
