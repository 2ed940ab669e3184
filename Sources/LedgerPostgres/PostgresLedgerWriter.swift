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
    /// per transaction (the baseline the benchmark compares against).
    package init(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, label: String,
        groupCommit: Bool = true, maximumBatch: Int = 1024
    ) {
        let queue = PostgresSessionQueue(server, password: password, logger: logger, label: "writer-\(label)")
        self.queue = queue
        writer = GroupCommitWriter(groupCommit: groupCommit, maximumBatch: maximumBatch) { body in
            try await queue.run { session in
                try session.transaction { session in
                    try session.execute("SELECT pg_advisory_xact_lock(?)", [PostgresEventChain.chainLockKey])
                    let head = try body(session)
                    try session.execute(PostgresChangeListener.notifySQL, ["\(head.sequence)"])
                }
            }
        }
    }

    /// Write transactions started and the writes they carried (`writes / transactions` is the
    /// mean batch).
    package var statistics: (transactions: Int, writes: Int) { writer.statistics }

    /// Runs `work` in a write transaction on the chain, batched with the node's other writes.
    /// - Throws: what `work` throws (nothing of it is kept), or the engine's failure as a ledger error.
    package func write<T: Sendable>(
        _ work: @escaping @Sendable (PostgresSession, inout WriteState) throws -> T
    ) async throws -> T {
        do {
            return try await writer.write(work)
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        }
    }

    /// Closes the writer's connection.
    package func close() async {
        await queue.close()
    }
}
