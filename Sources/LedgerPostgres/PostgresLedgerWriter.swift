import Foundation
import Ledger
import LedgerSQL
import Logging

/// The ledger's writes on PostgreSQL (issue #18): the same group commit as the SQLite store
/// (``LedgerSQL/GroupCommitWriter``: the requests waiting when a transaction starts go into it
/// together, a failing one alone in its savepoint), on a node's own connection. Each transaction
/// first takes the chain's `pg_advisory_xact_lock` (the key ``PostgresEventChain`` takes), once per
/// batch, so every node's writes — device sequence numbers included — are serialised on the one
/// chain; it reads the head (``LedgerSQL/WriteState``), writes the rows, the events and the running
/// totals, moves the head and sends the change notification, which PostgreSQL delivers only if the
/// transaction commits.
package final class PostgresLedgerWriter: Sendable {
    private let queue: PostgresSessionQueue
    private let writer: GroupCommitWriter<PostgresSession>

    /// A writer on its own connection to `server` (one per node). `groupCommit` off: one request
    /// per transaction (the baseline the benchmark compares against); `claimAhead` off: each
    /// invoice of a batch claims its own key and number (``PostgresIssueClaims``). A statement
    /// unanswered for `answerTimeout` gives up the connection and fails its batch.
    package init(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, label: String,
        groupCommit: Bool = true, maximumBatch: Int = 1024, claimAhead: Bool = true,
        answerTimeout: Duration = .seconds(60)
    ) {
        let queue = PostgresSessionQueue(
            server, password: password, logger: logger, label: "writer-\(label)", answerTimeout: answerTimeout)
        self.queue = queue
        let claims: GroupCommitWriter<PostgresSession>.ClaimAhead = { db, intents in
            try PostgresIssueClaims.claim(db, intents)
        }
        writer = GroupCommitWriter(
            groupCommit: groupCommit, maximumBatch: maximumBatch, claimAhead: claimAhead ? claims : nil
        ) { body in
            try await queue.run { session in
                try session.transaction { session in
                    // Queued: it goes with `BEGIN` and the head's read (which starts after the lock
                    // is held, on a snapshot of its own), in one exchange.
                    _ = try session.send(
                        "SELECT pg_advisory_xact_lock(?)", [.integer(PostgresEventChain.chainLockKey)])
                    let head = try body(session)
                    try session.execute(PostgresChangeListener.notifySQL, ["\(head.sequence)"])
                }
            }
        }
    }

    /// Write transactions started and the writes they carried (`writes / transactions` is the
    /// mean batch).
    package var statistics: (transactions: Int, writes: Int) { writer.statistics }

    /// How many writes wait for the next batch.
    package var waiting: Int { writer.waiting }

    /// How many invoices were claimed ahead with others of their batch (``PostgresIssueClaims``).
    package var claimedAhead: Int { writer.claimedAhead }

    /// Runs `work` in a write transaction on the chain, batched with the node's other writes.
    /// - Throws: what `work` throws (nothing of it is kept), or the engine's failure as a ledger error.
    package func write<T: Sendable>(
        _ work: @escaping @Sendable (PostgresSession, inout WriteState) throws -> T, issuing intent: IssueIntent? = nil
    ) async throws -> T {
        do {
            return try await writer.write(work, issuing: intent)
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        }
    }

    /// Closes the writer's connection.
    package func close() async {
        await queue.close()
    }
}
