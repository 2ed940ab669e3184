import Foundation
import Ledger
import LedgerSQL
import Logging

/// The ledger's writes on PostgreSQL (issue #18): each runs the same `LedgerWrites` functions as the
/// SQLite store, in one transaction that first takes the chain's `pg_advisory_xact_lock` (the key
/// ``PostgresEventChain`` takes), so every node's writes — device sequence numbers included — are
/// serialised on the one chain; it reads the head (``LedgerSQL/WriteState``), writes the rows, the
/// events and the running totals, moves the head and sends the change notification, which
/// PostgreSQL delivers only if the transaction commits.
///
/// One write per transaction for now: the group commit of the SQLite writer (a savepoint per request
/// inside one transaction) is the next step.
package final class PostgresLedgerWriter: Sendable {
    private let queue: PostgresSessionQueue

    /// A writer on its own connection to `server` (one per node).
    package init(_ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, label: String) {
        queue = PostgresSessionQueue(server, password: password, logger: logger, label: "writer-\(label)")
    }

    /// Runs `work` in one write transaction on the chain.
    /// - Throws: what `work` throws (nothing of it is kept), or the engine's failure as a ledger error.
    package func write<T: Sendable>(
        _ work: @escaping @Sendable (PostgresSession, inout WriteState) throws -> T
    ) async throws -> T {
        do {
            return try await queue.run { session in
                try session.transaction { session in
                    try session.execute("SELECT pg_advisory_xact_lock(?)", [PostgresEventChain.chainLockKey])
                    var state = try WriteState.start(session)
                    let result = try work(session, &state)
                    try state.finish(session)
                    try session.execute(PostgresChangeListener.notifySQL, ["\(state.chain.sequence)"])
                    return result
                }
            }
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        }
    }

    /// Closes the writer's connection.
    package func close() async {
        await queue.close()
    }
}
