import Foundation
import GRDB
import Ledger
import LedgerSQL

extension SQLiteLedgerStore {
    /// Recomputes the chain from the first event and checks every row of every table against it,
    /// in one read snapshot, in bounded memory: the store-neutral verification
    /// (``LedgerSQL/LedgerVerification``: the events stream in `seq` order into the replay, each
    /// table's rows stream in key order against the replayed state), with the replayed state the
    /// replay has not touched lately kept in files of sorted runs in a private folder beside the
    /// ledger, or in the system's temporary folder when that one cannot be written
    /// (``LedgerSQL/FileReplaySpill``).
    public func verify() async throws -> LedgerVerificationReport {
        try await verify(generation: Self.verifyGeneration)
    }

    /// Replayed entries of each kind that `verify` keeps in memory per generation (two
    /// generations): invoices of about 1 KiB, the rest smaller, some 40 MiB in all.
    static let verifyGeneration = 8_192

    /// ``verify()`` keeping `generation` replayed entries of each kind per generation in memory
    /// (tests use a small one, so that nearly everything goes through the spill).
    func verify(generation: Int) async throws -> LedgerVerificationReport {
        let path = self.path
        return try await read { db in
            let folders = [
                URL(fileURLWithPath: path).deletingLastPathComponent().path,
                FileManager.default.temporaryDirectory.path,
            ]
            return try FileReplaySpill.run(in: folders) { spill in
                var verifier = try LedgerVerifier(spill: spill, generation: generation)
                return try LedgerVerification.run(db, &verifier)
            }
        }
    }
}
