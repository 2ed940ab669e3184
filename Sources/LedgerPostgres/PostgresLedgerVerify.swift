import Foundation
import Ledger
import LedgerSQL

/// `lunas ledger verify` on PostgreSQL (issue #18): the store-neutral verification
/// (``LedgerSQL/LedgerVerification``) in one `REPEATABLE READ READ ONLY` transaction — one snapshot
/// while other nodes keep writing — with every scan streamed through a server-side cursor
/// (``PostgresSession/each(_:_:_:)``, ``PostgresSession/fetchSize`` rows at a time) and the replayed
/// state that is not in memory kept in temporary tables (``PostgresReplaySpill``): memory is bounded
/// whatever the ledger's size.
package enum PostgresLedgerVerify {
    /// Replayed entries of each kind kept in memory per generation (two generations), as on SQLite.
    package static let defaultGeneration = 8_192

    /// Verifies the ledger `session` is connected to. Run it on a session of its own (a
    /// ``PostgresSessionQueue`` job), outside any transaction: it opens its own.
    ///
    /// - Parameter generation: replayed entries of each kind per generation in memory (tests use a
    ///   small one, so that nearly everything goes through the spill).
    /// - Throws: `storage.failure` for an engine's failure or a spill that cannot be written.
    package static func run(
        _ session: PostgresSession, generation: Int = defaultGeneration
    ) throws
        -> LedgerVerificationReport
    {
        let spill = PostgresReplaySpill(session)
        defer { spill.drop() }
        do {
            // The spill's tables first: a read-only transaction may write a temporary table but
            // not create one.
            var verifier = try LedgerVerifier(spill: spill, generation: generation)
            return try session.snapshot { db in
                try LedgerVerification.run(db, &verifier)
            }
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        }
    }
}
