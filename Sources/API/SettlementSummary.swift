import Foundation
import Ledger

/// One settlement file in the archive as the list of past files shows it (`GET /api/v1/settlements`,
/// ``SettlementImporter/settlements(store:limit:after:)``): what was uploaded, when and by whom, what
/// the reconciliation counted, and where the file stands.
public struct SettlementSummary: Sendable, Equatable, Codable {
    /// Where a settlement file stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Stored and reconciled; not (completely) applied to the ledger.
        case imported
        /// A completed settlement application exists in the ledger (``LedgerStore/settlementApplication(id:)``).
        case applied
        /// A corrected re-send of the same statement replaced it (apply that one instead): not applied,
        /// or applied and then withdrawn by the re-send's application (``SettlementSummary/withdrawnAt``).
        case superseded

        /// The one rule for a file's status: withdrawn → `superseded`; else a completed application →
        /// `applied`; else replaced by a re-send → `superseded`; else `imported`.
        static func of(_ application: SettlementApplication?, replaced: Bool) -> Self {
            if application?.isWithdrawn == true { return .superseded }
            return application?.completedAt != nil ? .applied : replaced ? .superseded : .imported
        }
    }

    /// A page of the list, newest first.
    public struct Page: Sendable, Equatable, Codable {
        /// The settlements on this page.
        public var settlements: [SettlementSummary]
        /// The `after` that fetches the next page; nil on the last one.
        public var next: String?
    }

    /// The settlement id (`stl-…`).
    public var id: String
    /// The profile's name (`NAME` of `settlement-profiles/NAME.json`; the profile's own name for a file
    /// stored before that was recorded).
    public var profile: String
    /// The file name the uploader gave, if known.
    public var fileName: String?
    /// Lower-case hex SHA-256 of the file.
    public var sha256: String
    /// The file's size in bytes, if recorded.
    public var byteCount: Int64?
    /// When it was uploaded (ISO 8601, UTC).
    public var uploadedAt: String
    /// The device that uploaded it, or the staff member (`stf_…`) for an upload from the console.
    public var uploadedBy: String
    /// Transaction rows in the file.
    public var rows: Int
    /// The file's gross amount in rupiah.
    public var gross: Int64
    /// The first and last settlement date in the file (`YYYY-MM-DD`).
    public var firstSettlementDate: String
    public var lastSettlementDate: String
    /// The settlement date the file is for (stated by the file, given with the upload, or its rows' last);
    /// nil for a file stored before it was kept.
    public var settlementDate: String? = nil
    /// The reconciliation's row counts by category (as the report's `counts`), if recorded.
    public var counts: [String: Int]?
    /// `new`, `corrected_resend` or `already_imported` (as the upload's `import.status`).
    public var importStatus: String
    /// The settlements this one is a corrected re-send of.
    public var resendOf: [String]
    /// The corrected re-send that replaced this one, if any.
    public var supersededBy: String?
    /// Where the file stands; `applied` wins over `superseded` (the ledger holds what was applied) until
    /// the re-send's application withdraws it.
    public var status: Status
    /// Rows applied to the ledger so far (nil when no apply was started).
    public var appliedRows: Int64?
    /// When the application completed (ISO 8601, UTC), if it did.
    public var appliedAt: String?
    /// When a corrected re-send's application withdrew this file's (ISO 8601, UTC), if it did.
    public var withdrawnAt: String? = nil
}
