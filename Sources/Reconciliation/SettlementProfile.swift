import Ledger
import Foundation

/// How to read one acquirer's settlement file, described as JSON by finance staff (no code).
///
/// ```json
/// {"name": "example-acquirer", "format": "csv", "delimiter": ",", "skipLines": 0, "header": true,
///  "columns": {"transactionTime": "trx_datetime", "grossAmount": "gross_amount", "feeAmount": 14},
///  "timeFormat": "yyyy-MM-dd HH:mm:ss", "dateFormat": "yyyy-MM-dd", "timeZone": "Asia/Jayapura",
///  "amountFormat": "plain", "status": {"SUCCESS": "success", "REFUND": "reversal"}, "settlementDays": 1}
/// ```
/// Column values are header names or 1-based positions. Unknown keys and missing required columns are
/// errors that name the key.
public struct SettlementProfile: Sendable {
    /// The file formats a profile can describe.
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv, camt, mt940
    }

    /// The settlement fields a CSV column can be mapped to.
    public enum Column: String, Sendable, CaseIterable {
        case transactionTime, settlementDate, rrn, nmid, terminalId, issuer, billNumber, referenceLabel
        case grossAmount, feeAmount, netAmount, status
        /// The acquirer's own reference for the row (its reference number; for a refund, the refund
        /// number): lets applying tell a refund the city asked for from a reversal by the bank.
        case acquirerReference

        /// Columns every CSV profile must map.
        public static let required: [Column] = [.transactionTime, .settlementDate, .rrn, .grossAmount, .status]
    }

    /// Where a column is: by header name or by 1-based position.
    public enum ColumnReference: Sendable, Hashable, CustomStringConvertible {
        case header(String)
        case position(Int)

        public var description: String {
            switch self {
            case .header(let name): "header \"\(name)\""
            case .position(let position): "position \(position)"
            }
        }
    }

    /// How refunds carry their sign.
    public enum SignConvention: String, Sendable, CaseIterable {
        /// Refund rows have negative amounts, payments positive.
        case signed
        /// All amounts are positive; the status says which way the money went.
        case unsigned
    }

    public var name: String
    public var format: Format
    public var delimiter: UInt8
    public var quote: UInt8
    /// Lines to skip before the header (or first row).
    public var skipLines: Int
    /// Lines starting with any of these are summary or footer lines and are skipped.
    public var skipPrefixes: [String]
    public var header: Bool
    public var columns: [Column: ColumnReference]
    public var timeFormat: TimestampFormat
    public var dateFormat: TimestampFormat
    /// The zone of times and dates in the file (IANA identifier).
    public var timeZone: String
    /// The zone's fixed UTC offset; zones with daylight saving time are rejected.
    public var utcOffsetSeconds: Int
    public var amountFormat: AmountFormat
    /// Raw status value → meaning.
    public var status: [String: SettlementStatus]
    public var signConvention: SignConvention
    /// N in T+N working days.
    public var settlementDays: Int
    /// The acquirer's name for reports (defaults to the profile name).
    public var acquirer: String

    static let keys: Set<String> = [
        "name", "format", "delimiter", "quote", "skipLines", "skipPrefixes", "header", "columns", "timeFormat",
        "dateFormat", "timeZone", "amountFormat", "status", "signConvention", "settlementDays", "acquirer",
        "description",
    ]

    /// Loads a profile file.
    /// - Throws: ``ReconciliationError`` naming the file and the offending key.
    public static func load(contentsOf url: URL) throws -> SettlementProfile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReconciliationError(
                .io, "cannot read profile \(url.path): \(error.localizedDescription)", cause: error)
        }
        return try SettlementProfile(json: data, context: "profile \(url.lastPathComponent)")
    }

    /// Parses a profile from JSON.
    public init(json: Data, context: String = "profile") throws {
        let object = try ConfigObject(
            ConfigValue.parse(json, what: context, failure: ReconciliationError.profileFailure), context: context,
            allowed: Self.keys, failure: ReconciliationError.profileFailure)
        name = try object.requiredString("name")
        guard let format = Format(rawValue: try object.requiredString("format")) else {
            throw object.fail("format", "must be one of csv, tsv, camt, mt940")
        }
        self.format = format
        let delimiterText = try object.string("delimiter") ?? (format == .tsv ? "\t" : ",")
        let quoteText = try object.string("quote") ?? "\""
        guard delimiterText.utf8.count == 1, let d = delimiterText.utf8.first, d != 10, d != 13 else {
            throw object.fail("delimiter", "must be a single character")
        }
        guard quoteText.utf8.count == 1, let q = quoteText.utf8.first, q != d else {
            throw object.fail("quote", "must be a single character other than the delimiter")
        }
        delimiter = d
        quote = q
        let skip = try object.int("skipLines") ?? 0
        guard skip >= 0, skip < 1000 else { throw object.fail("skipLines", "must be between 0 and 999") }
        skipLines = Int(skip)
        switch object.members["skipPrefixes"] {
        case nil, .null?: skipPrefixes = []
        case .array(let items)?:
            skipPrefixes = try items.map {
                guard case .string(let s) = $0, !s.isEmpty else {
                    throw object.fail("skipPrefixes", "must be a list of non-empty strings")
                }
                return s
            }
        default: throw object.fail("skipPrefixes", "must be a list of strings")
        }
        header = try object.bool("header") ?? true
        timeFormat = try Self.pattern(object, "timeFormat", default: "yyyy-MM-dd HH:mm:ss")
        dateFormat = try Self.pattern(object, "dateFormat", default: "yyyy-MM-dd")
        timeZone = try object.requiredString("timeZone")
        guard let zone = TimeZone(identifier: timeZone) else {
            throw object.fail("timeZone", "names an unknown time zone \"\(timeZone)\"")
        }
        let january = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_735_689_600))
        let july = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_751_328_000))
        guard january == july else {
            throw object.fail("timeZone", "\"\(timeZone)\" has daylight saving time; use a fixed-offset zone")
        }
        utcOffsetSeconds = january
        let amountText = try object.string("amountFormat") ?? "plain"
        guard let amountFormat = AmountFormat(rawValue: amountText) else {
            throw object.fail("amountFormat", "must be \"plain\" or \"decimal-comma\", not \"\(amountText)\"")
        }
        self.amountFormat = amountFormat
        let signText = try object.string("signConvention") ?? "signed"
        guard let sign = SignConvention(rawValue: signText) else {
            throw object.fail("signConvention", "must be \"signed\" or \"unsigned\", not \"\(signText)\"")
        }
        signConvention = sign
        let days = try object.int("settlementDays") ?? 1
        guard (0...30).contains(days) else { throw object.fail("settlementDays", "must be between 0 and 30") }
        settlementDays = Int(days)
        acquirer = try object.string("acquirer") ?? name
        _ = try object.string("description")
        columns = [:]
        status = [:]
        if format == .csv || format == .tsv {
            columns = try Self.columns(object)
            status = try Self.statusMap(object)
        } else {
            for key in ["columns", "status", "delimiter", "skipLines", "skipPrefixes", "header"] where object.has(key) {
                throw object.fail(key, "does not apply to format \(format.rawValue)")
            }
        }
    }

    private static func pattern(_ object: ConfigObject, _ key: String, default value: String) throws -> TimestampFormat
    {
        do {
            return try TimestampFormat(try object.string(key) ?? value)
        } catch let error as ReconciliationError {
            throw object.fail(key, error.message)
        }
    }

    private static func columns(_ object: ConfigObject) throws -> [Column: ColumnReference] {
        guard case .object(let members, _)? = object.members["columns"] else {
            throw object.fail("columns", "is required and must be an object")
        }
        var columns: [Column: ColumnReference] = [:]
        for key in members.keys.sorted() {
            guard let column = Column(rawValue: key) else {
                throw object.fail(
                    "columns.\(key)",
                    "is not a settlement column (known: \(Column.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            switch members[key]! {
            case .string(let name) where !name.isEmpty: columns[column] = .header(name)
            case .number(_, let position?) where position >= 1 && position <= 256:
                columns[column] = .position(Int(position))
            default: throw object.fail("columns.\(key)", "must be a header name or a 1-based position (1–256)")
            }
        }
        for column in Column.required where columns[column] == nil {
            throw object.fail("columns.\(column.rawValue)", "is required but missing")
        }
        let usesNames = columns.values.contains { if case .header = $0 { true } else { false } }
        if usesNames, try object.bool("header") == false {
            throw object.fail("columns", "names headers but \"header\" is false; use positions")
        }
        return columns
    }

    private static func statusMap(_ object: ConfigObject) throws -> [String: SettlementStatus] {
        guard case .object(let members, _)? = object.members["status"], !members.isEmpty else {
            throw object.fail("status", "is required: an object mapping file values to success, refund or reversal")
        }
        var map: [String: SettlementStatus] = [:]
        for (raw, meaning) in members {
            switch meaning {
            case .string("success"): map[raw] = .success
            case .string("refund"), .string("reversal"): map[raw] = .reversal
            default: throw object.fail("status.\(raw)", "must be \"success\", \"refund\" or \"reversal\"")
            }
        }
        return map
    }
}
