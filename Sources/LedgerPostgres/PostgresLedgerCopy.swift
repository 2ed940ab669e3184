import Foundation
import Ledger
import PostgresNIO

/// `lunas ledger copy --from sqlite:… --to postgres://…` (issue #18): moves a city's events, in
/// order and unchanged, into a PostgreSQL ledger.
///
/// Each page of events is one transaction under the chain's advisory lock, recomputed with the
/// Ledger module's ``Ledger/LedgerEvent/make(_:at:after:)`` and compared with the source event
/// before anything is written: an event that does not recompute to itself (a damaged or
/// non-canonical source) stops the copy, and nothing of its page is written. A copy that was
/// interrupted resumes after the last page it committed: the target's chain is then a prefix of
/// the source's, which the hash chain proves. A target holding anything else is refused.
///
/// After the events, the rows (devices, invoices, …, staff accounts) are copied in one transaction
/// (``LedgerSQL/LedgerRowCopy``, `lunas ledger copy`) and proven against the events by
/// `lunas ledger verify` on the target.
public enum PostgresLedgerCopy {
    /// What a copy did.
    public struct Outcome: Sendable, Hashable {
        /// Events the target held before (a resumed copy).
        public var alreadyPresent: Int64
        /// Events this run copied.
        public var copied: Int64
        /// The head of both chains at the end.
        public var head: ChainHead
    }

    /// Copies the events of `source` after those the target already holds.
    /// - Parameters:
    ///   - source: the ledger to copy (a SQLite store).
    ///   - database: the target, migrated to ``PostgresLedgerSchema/currentVersion``.
    ///   - pageSize: events per transaction.
    ///   - limit: stop after this many events (tests interrupt a copy with it); nil for all.
    /// - Throws: `schema.tooOld`/`schema.tooNew` for the target's schema; `copy.targetNotEmpty` when
    ///   the target holds rows or events that are not a prefix of the source's chain;
    ///   `copy.eventMismatch` naming the event that does not recompute; `storage.failure`.
    public static func copy(
        from source: any LedgerStore, to database: PostgresLedgerDatabase, pageSize: Int = 1_000, limit: Int64? = nil
    ) async throws -> Outcome {
        try await PostgresLedgerSchema.requireCurrent(database)
        let start = try await resumePoint(source, database)
        // From here until the copy verifies (``finish(_:)``), no command opens this ledger.
        try await database.connection { connection in
            _ = try await connection.query(
                "INSERT INTO node_ledger_copy (id, started_ms) VALUES (1, \(Date().ledgerMilliseconds)) ON CONFLICT (id) DO NOTHING",
                logger: database.logger)
        }
        var head = start
        var copied: Int64 = 0
        while limit.map({ copied < $0 }) ?? true {
            let want = Int(min(Int64(pageSize), limit.map { $0 - copied } ?? Int64(pageSize)))
            let page = try await source.events(after: head.sequence, limit: want)
            if page.isEmpty { break }
            head = try await commit(page, after: head, database)
            copied += Int64(page.count)
        }
        return Outcome(alreadyPresent: start.sequence, copied: copied, head: head)
    }

    /// Where a copy starts: the target's head, when its chain is a prefix of the source's and no
    /// table but the chain's holds a row.
    static func resumePoint(_ source: any LedgerStore, _ database: PostgresLedgerDatabase) async throws -> ChainHead {
        try await database.connection { connection in
            let logger = database.logger
            let rows = try await connection.query(
                """
                SELECT (SELECT count(*) FROM devices) + (SELECT count(*) FROM invoices) + (SELECT count(*) FROM tickets)
                    + (SELECT count(*) FROM payments) + (SELECT count(*) FROM idempotency_keys)
                    + (SELECT count(*) FROM staff_members) + (SELECT count(*) FROM complaints)
                    + (SELECT count(*) FROM exception_cases) + (SELECT count(*) FROM closed_days)
                """, logger: logger)
            var rowCount: Int64 = 0
            for try await count in rows.decode(Int64.self) { rowCount = count }
            let head = try await PostgresEventChain.head(on: connection, logger)
            // Rows are copied last, in one transaction, after every event: a target with rows and
            // exactly the source's chain is a finished copy, run again.
            if rowCount > 0 {
                let last = head.sequence == 0 ? nil : try await source.events(after: head.sequence - 1, limit: 2)
                guard let last, last.count == 1, last[0].sequence == head.sequence, last[0].hash == head.hash else {
                    throw LedgerError(
                        .copyTargetNotEmpty,
                        "the target PostgreSQL ledger is not empty (\(rowCount) rows in its tables); copy into a new, "
                            + "migrated database")
                }
                return head
            }
            guard head.sequence > 0 else { return head }
            let mine = try await source.events(after: head.sequence - 1, limit: 1).first
            guard let mine, mine.sequence == head.sequence, mine.hash == head.hash else {
                throw LedgerError(
                    .copyTargetNotEmpty,
                    "the target PostgreSQL ledger holds \(head.sequence) events that are not the source's "
                        + "(its event #\(head.sequence) differs): it is another ledger; copy into a new database")
            }
            return head
        }
    }

    private static func commit(
        _ page: [LedgerEvent], after head: ChainHead, _ database: PostgresLedgerDatabase
    ) async throws -> ChainHead {
        var recomputed: [LedgerEvent] = []
        var next = head
        for event in page {
            let again = LedgerEvent.make(try event.fact(), at: event.at, after: next)
            guard again == event else {
                throw LedgerError(
                    .copyEventMismatch,
                    "source event #\(event.sequence) (\(event.kind.rawValue) \(event.entityID)) does not recompute to "
                        + "itself; run `lunas ledger verify` on the source. Nothing of this page was copied")
            }
            recomputed.append(again)
            next = ChainHead(sequence: again.sequence, hash: again.hash)
        }
        try await PostgresEventChain.insert(recomputed, expectingHead: head, database)
        return next
    }
}

extension PostgresLedgerCopy {
    /// Whether a `lunas ledger copy` into `database` started and has not verified yet.
    public static func isUnfinished(_ database: PostgresLedgerDatabase) async throws -> Bool {
        try await database.connection { connection in
            var unfinished = false
            for try await value in try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM node_ledger_copy)", logger: database.logger
            ).decode(Bool.self) { unfinished = value }
            return unfinished
        }
    }

    /// Ends the copy into `database` once it verified: commands may open it from now on.
    public static func finish(_ database: PostgresLedgerDatabase) async throws {
        try await database.connection { connection in
            _ = try await connection.query("DELETE FROM node_ledger_copy", logger: database.logger)
        }
    }
}

extension LedgerError.Code {
    /// A command opened a PostgreSQL ledger that a `lunas ledger copy` has not finished.
    public static let copyUnfinished = LedgerError.Code("copy.unfinished")
    /// `lunas ledger copy`: the target holds rows, or events that are not the source's.
    public static let copyTargetNotEmpty = LedgerError.Code("copy.targetNotEmpty")
    /// `lunas ledger copy`: a source event does not recompute to itself.
    public static let copyEventMismatch = LedgerError.Code("copy.eventMismatch")
}
