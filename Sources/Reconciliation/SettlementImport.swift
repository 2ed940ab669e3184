import Foundation
import Ledger

/// What was recorded when a settlement file was imported: enough to recognise the same file again
/// (its SHA-256) and a corrected re-send of the same statement (same profile and settlement period).
public struct SettlementImport: Sendable, Hashable, Codable {
    public var sha256: String
    public var profile: String
    public var acquirer: String
    /// First and last settlement date in the file (`YYYY-MM-DD`).
    public var firstSettlementDate: String
    public var lastSettlementDate: String
    /// The settlement date the file is for (`YYYY-MM-DD`): the one it states (a bank statement's closing
    /// balance date), the one given with the upload, or else the last of its rows'; nil in records written
    /// before it was kept (their rows' dates stand for it, ``coveredSettlementDates``).
    public var settlementDate: String?
    public var rows: Int
    public var gross: Int64
    /// When it was imported (ISO 8601, UTC).
    public var importedAt: String

    /// Describes `file` as imported at `date`, as the file for `settlementDate`.
    public init(file: SettlementFile, settlementDate: CivilDate? = nil, importedAt date: Date = Date()) {
        sha256 = file.sha256
        profile = file.profileName
        acquirer = file.acquirer
        let period = file.rows.settlementPeriod
        firstSettlementDate = period.map { "\($0.lowerBound)" } ?? ""
        lastSettlementDate = period.map { "\($0.upperBound)" } ?? ""
        rows = file.rows.count
        gross = file.rows.records.reduce(0) { $0 &+ $1.gross }
        importedAt = ISO8601DateFormatter().string(from: date)
        self.settlementDate = settlementDate?.description
    }

    /// The settlement dates the file stands for: its own ``settlementDate`` and the period of its rows
    /// (`firstSettlementDate…lastSettlementDate`). A file without rows covers its own date alone; a
    /// record without an own date (written before it was kept) covers its rows' period, as before.
    public var coveredSettlementDates: [ClosedRange<CivilDate>] {
        var covered: [ClosedRange<CivilDate>] = []
        if let own = settlementDate.flatMap(CivilDate.init(iso8601:)) { covered.append(own...own) }
        if let first = CivilDate(iso8601: firstSettlementDate), let last = CivilDate(iso8601: lastSettlementDate),
            first <= last
        {
            covered.append(first...last)
        }
        return covered
    }
}
