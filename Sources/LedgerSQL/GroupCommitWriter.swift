import Foundation
import Ledger
import Synchronization

/// The single writer of a ledger database (of one node, on PostgreSQL): batches concurrent write
/// requests into one transaction, on either engine.
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
///
/// The engine supplies ``Transaction``: how one transaction runs on its writing session (SQLite: the
/// pool's writer; PostgreSQL: the node's writing session, under the chain's advisory lock).
package final class GroupCommitWriter<Session: SQLSession>: Sendable {
    /// A unit of work: reads and writes through `db`, appending its events after `state`'s head.
    package typealias Work<T> = @Sendable (_ db: Session, _ state: inout WriteState) throws -> T
    /// Runs `body` in one write transaction and returns once it committed (or throws, rolled back).
    /// `body` answers the chain's head after its writes (PostgreSQL names it in its notification).
    package typealias Transaction =
        @Sendable (_ body: @escaping @Sendable (Session) throws -> ChainHead) async throws -> Void
    /// Claims the keys and takes the device numbers of a run of invoices about to be issued, in a
    /// few statements for the whole run (``IssueIntent``): each new invoice's number, or nil where
    /// the invoice must find out for itself (its key was taken, its device may not issue).
    package typealias ClaimAhead =
        @Sendable (_ db: Session, _ intents: [IssueIntent]) throws -> [Invoice.ID: Int64?]

    private struct Queue {
        var pending: [any PendingWrite<Session>] = []
        var draining = false
        var transactions = 0
        var writes = 0
        var claimedAhead = 0
    }

    /// How many transactions committed (or failed) and how many writes they carried.
    package var statistics: (transactions: Int, writes: Int) {
        queue.withLock { ($0.transactions, $0.writes) }
    }

    /// How many writes wait for the next batch.
    package var waiting: Int { queue.withLock { $0.pending.count } }

    /// How many invoices were claimed ahead (``ClaimAhead``), in batches that committed or not.
    package var claimedAhead: Int { queue.withLock { $0.claimedAhead } }

    private let transaction: Transaction
    private let claimAhead: ClaimAhead?
    private let groupCommit: Bool
    private let maximumBatch: Int
    private let queue = Mutex(Queue())

    /// - Parameter claimAhead: the engine's way of claiming a run of issues at once (PostgreSQL,
    ///   where each statement that must be answered costs a round trip); nil: each invoice claims
    ///   its own key and number (SQLite, where a statement costs microseconds).
    package init(
        groupCommit: Bool, maximumBatch: Int, claimAhead: ClaimAhead? = nil, transaction: @escaping Transaction
    ) {
        self.transaction = transaction
        self.claimAhead = claimAhead
        self.groupCommit = groupCommit
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Runs `work` in a write transaction and returns its result once that transaction committed.
    /// `intent` names the invoice `work` issues, if it issues one (``ClaimAhead``).
    package func write<T: Sendable>(_ work: @escaping Work<T>, issuing intent: IssueIntent? = nil) async throws -> T {
        guard groupCommit else {
            queue.withLock { queue in
                queue.transactions += 1
                queue.writes += 1
            }
            let outcome = Mutex<T?>(nil)
            try await transaction { db in
                var state = try WriteState.start(db)
                let result = try work(db, &state)
                try state.finish(db)
                outcome.withLock { $0 = result }
                return state.chain
            }
            guard let result = outcome.withLock({ $0 }) else { throw LedgerQueries.internalError("no outcome") }
            return result
        }
        // Unsafe (unchecked) continuation: `drain` finishes every pending request exactly once.
        return try await withUnsafeThrowingContinuation { continuation in
            let startDrain = queue.withLock { queue in
                queue.pending.append(PendingRequest(work: work, intent: intent, continuation: continuation))
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
            let batch: [any PendingWrite<Session>] = queue.withLock { queue in
                if queue.pending.isEmpty {
                    queue.draining = false
                    return []
                }
                queue.transactions += 1
                guard queue.pending.count > maximumBatch else {
                    // The usual case: take the whole queue without copying it.
                    queue.writes += queue.pending.count
                    var batch: [any PendingWrite<Session>] = []
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
    /// Runs a batch in one write transaction, threading the chain head through it in order. Not
    /// isolated, each run of two or more issues is claimed ahead (``ClaimAhead``) just before its
    /// first request runs, so the numbers it takes follow the writes before it, in order; isolated,
    /// every request claims its own (a request that fails must leave no number taken).
    private func commit(_ batch: [any PendingWrite<Session>], isolated: Bool) async throws {
        let claimAhead = isolated ? nil : self.claimAhead
        try await transaction { db in
            var state = try WriteState.start(db)
            for (index, pending) in batch.enumerated() {
                if let claimAhead, pending.intent != nil, state.claimedAhead.isEmpty {
                    let run = batch[index...].prefix { $0.intent != nil }.compactMap(\.intent)
                    if run.count > 1 {
                        state.claimedAhead = try claimAhead(db, run)
                        self.queue.withLock { $0.claimedAhead += run.count }
                    }
                }
                try pending.run(db, &state, isolated: isolated)
            }
            guard state.claimedAhead.isEmpty else {
                throw LedgerQueries.internalError("\(state.claimedAhead.count) invoices claimed ahead were not issued")
            }
            try state.finish(db)
            return state.chain
        }
    }
}

/// One request waiting in the writer's queue.
private protocol PendingWrite<Session>: AnyObject, Sendable {
    associatedtype Session: SQLSession
    /// The invoice the work issues, if it issues one.
    var intent: IssueIntent? { get }
    /// Runs the work inside the batch's transaction, keeping its result or error for `finish`.
    /// Unisolated (`false`), any failure throws and aborts the batch. Isolated (`true`), the work
    /// runs in a savepoint and throws only when the failure ended the whole transaction.
    func run(_ db: Session, _ state: inout WriteState, isolated: Bool) throws
    /// Resumes the caller after the commit (nil) or with the commit's error.
    func finish(_ commitError: (any Error)?)
}

/// A request, its result and its caller's continuation in one object (one allocation per write).
///
/// `@unchecked Sendable`: `outcome` is written by `run`, inside the batch's transaction on the
/// database's writer queue, and read by `finish` after that transaction returned to the drain loop
/// (the `await` orders them); nothing else touches it, and each request is in one batch at a time.
private final class PendingRequest<Session: SQLSession, T: Sendable>: PendingWrite, @unchecked Sendable {
    private let work: GroupCommitWriter<Session>.Work<T>
    let intent: IssueIntent?
    private let continuation: UnsafeContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(
        work: @escaping GroupCommitWriter<Session>.Work<T>, intent: IssueIntent?,
        continuation: UnsafeContinuation<T, any Error>
    ) {
        self.work = work
        self.intent = intent
        self.continuation = continuation
    }

    func run(_ db: Session, _ state: inout WriteState, isolated: Bool) throws {
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
            try db.savepoint { value = try work(db, &attempt) }
            state = attempt
            outcome = .success(value!)
        } catch {
            outcome = .failure(error)
            // Some errors end the whole transaction (SQLite: I/O, a full disk; PostgreSQL: a lost
            // connection). Going on would run the rest of the batch in autocommit mode and then
            // report a failed COMMIT for writes that did persist: abort the batch instead.
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
