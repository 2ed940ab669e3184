import Foundation
import Ledger
import LedgerSQL

/// `lunas ledger verify` on PostgreSQL (issue #18): the store-neutral verification
/// (``LedgerSQL/LedgerVerification``) in one `REPEATABLE READ READ ONLY` transaction — one snapshot
/// while other nodes keep writing — with every scan streamed through a server-side cursor
/// (``PostgresSession/each(_:_:_:)``, ``PostgresSession/fetchSize`` rows at a time) and the replayed
/// state that is not in memory kept in files of sorted runs in a private folder of the system's
/// temporary folder (``LedgerSQL/FileReplaySpill``, as on SQLite): memory is bounded whatever the
/// ledger's size. (Temporary tables on the server held it before: every spilled batch cost round
/// trips, and reading it back cost the wire and postgres-nio's decoding.)
package enum PostgresLedgerVerify {
    /// Replayed entries of each kind kept in memory per generation (two generations), as on SQLite.
    package static let defaultGeneration = 8_192

    /// Verifies the ledger `session` is connected to. Run it on a session of its own (a
    /// ``PostgresSessionQueue`` job), outside any transaction: it opens its own.
    ///
    /// - Parameters:
    ///   - generation: replayed entries of each kind per generation in memory (tests use a small
    ///     one, so that nearly everything goes through the spill).
    ///   - folder: where the spill's private folder is made.
    /// - Throws: `storage.failure` for an engine's failure or a spill that cannot be written.
    package static func run(
        _ session: PostgresSession, generation: Int = defaultGeneration,
        spillIn folder: String = FileManager.default.temporaryDirectory.path
    ) throws
        -> LedgerVerificationReport
    {
        do {
            return try FileReplaySpill.run(in: [folder]) { spill in
                var verifier = try LedgerVerifier(spill: spill, generation: generation)
                return try session.snapshot { db in
                    try LedgerVerification.run(db, &verifier)
                }
            }
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        }
    }
}
