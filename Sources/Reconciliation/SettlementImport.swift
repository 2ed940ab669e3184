import Foundation

/// What was recorded when a settlement file was imported: enough to recognise the same file again
/// (its SHA-256) and a corrected re-send of the same statement (same profile and settlement period).
public struct SettlementImport: Sendable, Hashable, Codable {
    public var sha256: String
    public var profile: String
    public var acquirer: String
    /// First and last settlement date in the file (`YYYY-MM-DD`).
    public var firstSettlementDate: String
    public var lastSettlementDate: String
    public var rows: Int
    public var gross: Int64
    /// When it was imported (ISO 8601, UTC).
    public var importedAt: String

    /// Describes `file` as imported at `date`.
    public init(file: SettlementFile, importedAt date: Date = Date()) {
        sha256 = file.sha256
        profile = file.profileName
        acquirer = file.acquirer
        let period = file.rows.settlementPeriod
        firstSettlementDate = period.map { "\($0.lowerBound)" } ?? ""
        lastSettlementDate = period.map { "\($0.upperBound)" } ?? ""
        rows = file.rows.count
        gross = file.rows.records.reduce(0) { $0 &+ $1.gross }
        importedAt = ISO8601DateFormatter().string(from: date)
    }
}
