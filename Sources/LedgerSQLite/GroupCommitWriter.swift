import Foundation
import GRDB
import Ledger
import LedgerSQL
import Synchronization

/// The single writer of a ledger database: batches concurrent write requests into one transaction.
///
/// A batch first runs its requests one after the other in one transaction. If one of them fails
/// (a duplicate bill number, say), that transaction is rolled back and the batch runs again with
/// each request in its own SAVEPOINT, so the failing request rolls back alone and gets its own
/// error while the others commit. (Savepoints for every request would cost each one a copy of
/// every page it touches; failures are rare, so the batch pays for isolation only when needed.) The chain head is threaded
/// through the batch in order, so events stay strictly sequential. No request is answered before
/// the transaction's COMMIT has returned (with `synchronous=FULL`: after the WAL fsync), so an
/// acknowledged write survives a crash. Durable throughput is therefore one fsync per *batch*.
///
/// With `groupCommit` off, every request is its own transaction (one fsync each): the baseline the
/// benchmark compares against.
final class GroupCommitWriter: Sendable {
    /// A unit of work: reads and writes through `db`, appending its events after `head`.
    typealias Work<T> = @Sendable (_ db: Database, _ state: inout WriteState) throws -> T

    private struct Queue {
        var pending: [any PendingWrite] = []
        var draining = false
        var transactions = 0
        var writes = 0
    }

    /// How many transactions committed (or failed) and how many writes they carried.
    var statistics: (transactions: Int, writes: Int) {
        queue.withLock { ($0.transactions, $0.writes) }
    }

    private let pool: DatabasePool
    private let groupCommit: Bool
    private let maximumBatch: Int
    private let queue = Mutex(Queue())

    init(pool: DatabasePool, groupCommit: Bool, maximumBatch: Int) {
        self.pool = pool
        self.groupCommit = groupCommit
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Runs `work` in a write transaction and returns its result once that transaction committed.
    func write<T: Sendable>(_ work: @escaping Work<T>) async throws -> T {
        guard groupCommit else {
            queue.withLock { queue in
                queue.transactions += 1
                queue.writes += 1
            }
            return try await pool.write { db in
                var state = try WriteState.start(db)
                let result = try work(db, &state)
                try state.finish(db)
                return result
            }
        }
        // Unsafe (unchecked) continuation: `drain` finishes every pending request exactly once.
        return try await withUnsafeThrowingContinuation { continuation in
            let startDrain = queue.withLock { queue in
                queue.pending.append(PendingRequest(work: work, continuation: continuation))
                if queue.draining { return false }
                queue.draining = true
                return true
            }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch: [any PendingWrite] = queue.withLock { queue in
                if queue.pending.isEmpty {
                    queue.draining = false
                    return []
                }
                queue.transactions += 1
                guard queue.pending.count > maximumBatch else {
                    // The usual case: take the whole queue without copying it.
                    queue.writes += queue.pending.count
                    var batch: [any PendingWrite] = []
                    batch.reserveCapacity(queue.pending.count)
                    swap(&batch, &queue.pending)
                    return batch
                }
                queue.writes += maximumBatch
                let batch = Array(queue.pending.prefix(maximumBatch))
                queue.pending.removeFirst(maximumBatch)
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await commit(batch, isolated: false)
                for pending in batch { pending.finish(nil) }
            } catch {
                // Rolled back: run the batch again, each request isolated in its savepoint. A
                // failure of the transaction itself (I/O, disk full) fails the whole batch.
                do {
                    try await commit(batch, isolated: true)
                    for pending in batch { pending.finish(nil) }
                } catch {
                    for pending in batch { pending.finish(error) }
                }
            }
        }
    }
}

extension GroupCommitWriter {
    /// Runs a batch in one write transaction, threading the chain head through it in order.
    private func commit(_ batch: [any PendingWrite], isolated: Bool) async throws {
        try await pool.write { db in
            var state = try WriteState.start(db)
            for pending in batch { try pending.run(db, &state, isolated: isolated) }
            try state.finish(db)
        }
    }
}

/// One request waiting in the writer's queue.
private protocol PendingWrite: AnyObject, Sendable {
    /// Runs the work inside the batch's transaction, keeping its result or error for `finish`.
    /// Unisolated (`false`), any failure throws and aborts the batch. Isolated (`true`), the work
    /// runs in a savepoint and throws only when the failure ended the whole transaction.
    func run(_ db: Database, _ state: inout WriteState, isolated: Bool) throws
    /// Resumes the caller after the commit (nil) or with the commit's error.
    func finish(_ commitError: (any Error)?)
}

/// A request, its result and its caller's continuation in one object (one allocation per write).
///
/// `@unchecked Sendable`: `outcome` is written by `run`, inside the batch's transaction on the
/// database's writer queue, and read by `finish` after that transaction returned to the drain loop
/// (the `await` orders them); nothing else touches it, and each request is in one batch at a time.
private final class PendingRequest<T: Sendable>: PendingWrite, @unchecked Sendable {
    private let work: GroupCommitWriter.Work<T>
    private let continuation: UnsafeContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(work: @escaping GroupCommitWriter.Work<T>, continuation: UnsafeContinuation<T, any Error>) {
        self.work = work
        self.continuation = continuation
    }

    func run(_ db: Database, _ state: inout WriteState, isolated: Bool) throws {
        guard isolated else {
            do {
                outcome = .success(try work(db, &state))
            } catch {
                outcome = .failure(error)
                throw error
            }
            return
        }
        var attempt = state
        do {
            var value: T?
            try db.inSavepoint {
                value = try work(db, &attempt)
                return .commit
            }
            state = attempt
            outcome = .success(value!)
        } catch {
            outcome = .failure(error)
            // Some SQLite errors (I/O, full disk) roll back the whole transaction. Going on would
            // run the rest of the batch in autocommit mode and then report a failed COMMIT for
            // writes that did persist: abort the batch instead.
            if !db.isInsideTransaction { throw error }
        }
    }

    func finish(_ commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else {
            continuation.resume(with: outcome ?? .failure(LedgerQueries.internalError("no outcome")))
        }
    }
}
