import Foundation
import HTTPTypes
import Issuing
import Ledger
import Logging
import Reconciliation

extension SettlementImporter {
    /// Applies the archived settlement `id` to the ledger (``SettlementApplier``): reads the bank's
    /// original file from the archive again, reconciles it against the ledger as it is now, and
    /// applies it in chunks. One apply or upload runs at a time.
    ///
    /// - Throws: 404 for an unknown settlement; 409 `settlement.superseded` for a file a corrected
    ///   re-send replaced (apply the newest); the store's errors (a chunk committed before an error
    ///   stays, and applying again resumes after it).
    public func apply(
        id: String, actor: LedgerActor, store: some LedgerStore, now: Date,
        chunkSize: Int = SettlementApplier.defaultChunkSize, logger: Logger,
        progress: @escaping @Sendable (SettlementApplication) async -> Void = { _ in }
    ) async throws -> SettlementApplier.Outcome {
        guard SettlementArchive.isValidID(id), let record = try archive.record(id: id) else {
            throw APIError.notFound("settlement \(id.prefix(40))")
        }
        if let newer = SettlementArchive.replacement(of: id, in: try archive.records()) {
            throw APIError(
                .conflict, "settlement.superseded",
                "settlement \(id) was replaced by the corrected re-send \(newer.id); apply that one", field: "id")
        }
        guard record.original != nil else {
            throw APIError(
                .conflict, "settlement.noOriginal",
                "settlement \(id) was stored before originals were archived; upload the file again", field: "id")
        }
        let events = try await store.events(entityID: id)
        guard let imported = events.lazy.compactMap({ event -> SettlementFileRecord? in
            if case .settlementImported(let record)? = try? event.fact() { return record }
            return nil
        }).first
        else {
            throw APIError(
                .conflict, "settlement.notImported",
                "settlement \(id) has no settlement.imported event; upload the file again to complete its import",
                field: "id")
        }
        let profile = try self.profile(named: imported.profile)
        let options = try reconcilerOptions(profile)
        return try await gate.run {
            let original = archive.directory.appendingPathComponent(id).appendingPathComponent(
                SettlementArchive.originalFileName)
            let copy = archive.incomingFile()
            defer { try? FileManager.default.removeItem(at: copy) }
            let file: SettlementFile = try await Self.offload {
                try GzipFile.decompress(original.path, to: copy.path)
                return try SettlementReader(profile: profile).read(path: copy.path)
            }
            guard file.sha256 == imported.sha256 else {
                throw APIError(
                    .internalServerError, "settlement.archiveAltered",
                    "the archived original of \(id) no longer has the SHA-256 the ledger recorded")
            }
            let source = try await LedgerInvoiceSource.load(
                from: store, for: file, utcOffsetSeconds: profile.utcOffsetSeconds)
            let result = try await Self.offload {
                Reconciler(options: options).reconcile(file, against: source.table)
            }
            let outcome = try await SettlementApplier(store: store, chunkSize: chunkSize).apply(
                settlementID: id, result: result, actor: actor, now: now, progress: progress)
            logger.info(
                "settlement applied",
                metadata: [
                    "settlement": "\(id)", "rows": "\(outcome.application.rowCount)",
                    "settled": "\(outcome.application.settled)",
                    "exceptions": "\(outcome.application.exceptionsOpened)",
                    "alreadyApplied": "\(outcome.alreadyApplied)",
                ])
            return outcome
        }
    }
}
