import Foundation
import Ledger
import Reconciliation

extension SettlementImporter {
    /// The most settlements one page of ``settlements(store:limit:after:)`` may hold.
    public static let maximumPageSize = 200

    /// The settlement files in the archive, newest first (by upload time, then id), a page at a time: the
    /// list of past files (`GET /api/v1/settlements`, the console's settlements page).
    ///
    /// Each file's status: `superseded` when a corrected re-send's application withdrew its own, else
    /// `applied` when the ledger holds a completed application of it
    /// (``LedgerStore/settlementApplication(id:)``), else `superseded` when a corrected re-send replaced
    /// it (the rule apply refuses it by), else `imported`. The archive's records are read from disk; the
    /// ledger is asked only about the files on the page.
    ///
    /// - Parameters:
    ///   - limit: 1 to ``maximumPageSize`` files.
    ///   - after: the id of the last file of the previous page (its `next`); nil for the first page.
    /// - Throws: 400 `request.invalidValue` naming `limit` or `after` (an id not in the archive).
    public func settlements(
        store: some LedgerStore, limit: Int = 50, after: String? = nil
    ) async throws
        -> SettlementSummary.Page
    {
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw APIError.badRequest(
                "request.invalidValue", "limit must be 1 to \(Self.maximumPageSize), got \(limit)", field: "limit")
        }
        let records = try await archive.records()
        let newestFirst = Array(records.reversed())
        var start = 0
        if let after {
            guard let index = newestFirst.firstIndex(where: { $0.id == after }) else {
                throw APIError.badRequest(
                    "request.invalidValue", "after must be the id of a stored settlement, got \"\(after.prefix(40))\"",
                    field: "after")
            }
            start = index + 1
        }
        let page = newestFirst[start..<min(start + limit, newestFirst.count)]
        var summaries: [SettlementSummary] = []
        for record in page {
            let application = try await store.settlementApplication(id: record.id)
            let replacement = SettlementArchive.replacement(of: record.id, in: records)
            let status = SettlementSummary.Status.of(application, replaced: replacement != nil)
            summaries.append(
                SettlementSummary(
                    id: record.id, profile: record.profileName ?? record.entry.profile, fileName: record.fileName,
                    sha256: record.entry.sha256, byteCount: record.byteCount, uploadedAt: record.entry.importedAt,
                    uploadedBy: record.uploadedBy, rows: record.entry.rows, gross: record.entry.gross,
                    firstSettlementDate: record.entry.firstSettlementDate,
                    lastSettlementDate: record.entry.lastSettlementDate,
                    settlementDate: record.entry.settlementDate, counts: record.counts,
                    importStatus: record.importStatus, resendOf: record.resendOf, supersededBy: replacement?.id,
                    status: status, appliedRows: application?.appliedRows,
                    appliedAt: application?.completedAt.map { ISO8601DateFormatter().string(from: $0) },
                    withdrawnAt: application?.withdrawnAt.map { ISO8601DateFormatter().string(from: $0) }))
        }
        let more = start + limit < newestFirst.count
        return SettlementSummary.Page(settlements: summaries, next: more ? summaries.last?.id : nil)
    }
}
