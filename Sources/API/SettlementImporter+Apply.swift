import Foundation
import HTTPTypes
import Issuing
import Ledger
import Logging
import Reconciliation

extension SettlementImporter {
    /// Applies the archived settlement `id` to the ledger (``SettlementApplier``): first withdraws the
    /// applications of the older files it is a corrected re-send of (``olderFiles(of:in:)``, each
    /// applied wholly or in part and not withdrawn yet), then reads the bank's original file from the
    /// archive again, reconciles it against the ledger as it is now, and applies it in chunks. One
    /// apply or upload runs at a time; cut off anywhere, applying again resumes.
    ///
    /// - Throws: 404 for an unknown settlement; 409 `settlement.superseded` for a file a corrected
    ///   re-send replaced (apply the newest); the store's errors (a chunk committed before an error
    ///   stays, and applying again resumes after it).
    public func apply(
        id: String, actor: LedgerActor, store: some LedgerStore, now: Date,
        chunkSize: Int = SettlementApplier.defaultChunkSize, logger: Logger,
        withdrawalProgress: @escaping @Sendable (SettlementWithdrawalProgress) async -> Void = { _ in },
        progress: @escaping @Sendable (SettlementApplication) async -> Void = { _ in }
    ) async throws -> SettlementApplier.Outcome {
        guard SettlementArchive.isValidID(id), let record = try await archive.record(id: id) else {
            throw APIError.notFound("settlement \(id.prefix(40))")
        }
        if let newer = SettlementArchive.replacement(of: id, in: try await archive.records()) {
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
        let older = Self.olderFiles(of: id, in: try await archive.records())
        return try await gate.run {
            let applier = SettlementApplier(store: store, chunkSize: chunkSize)
            var withdrawn: [SettlementApplication] = []
            for file in older {
                guard let application = try await store.settlementApplication(id: file), !application.isWithdrawn
                else { continue }
                withdrawn.append(
                    try await applier.withdraw(
                        settlementID: file, supersededBy: id, actor: actor, now: now, progress: withdrawalProgress))
                logger.info(
                    "settlement withdrawn", metadata: ["settlement": "\(file)", "supersededBy": "\(id)"])
            }
            let copy = archive.incomingFile()
            defer { try? FileManager.default.removeItem(at: copy) }
            guard try await archive.unpackOriginal(id: id, to: copy) else {
                throw APIError(
                    .internalServerError, "settlement.archiveAltered",
                    "the archived original of \(id) is missing")
            }
            let file: SettlementFile = try await Self.offload {
                try SettlementReader(profile: profile).read(path: copy.path)
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
            var outcome = try await applier.apply(
                settlementID: id, result: result, actor: actor, now: now, progress: progress)
            outcome.withdrawn = withdrawn
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

    /// The files that `id` replaces, directly or through earlier re-sends (`resendOf`, followed back),
    /// oldest first: the ones whose applications applying `id` withdraws.
    static func olderFiles(of id: String, in records: [SettlementArchive.Record]) -> [String] {
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: Set<String> = []
        var pending = byID[id]?.resendOf ?? []
        while let next = pending.popLast() {
            guard next != id, found.insert(next).inserted else { continue }
            pending.append(contentsOf: byID[next]?.resendOf ?? [])
        }
        // The archive's order is upload order.
        return records.map(\.id).filter(found.contains)
    }
}
