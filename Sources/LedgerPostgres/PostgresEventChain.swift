import Foundation
import Ledger
import PostgresNIO

/// The ledger's one event chain on PostgreSQL, appended to by every node (issue #18, "one chain,
/// many writers").
///
/// Each node keeps one chain value on its pool. Appends that arrive while a commit is under way are
/// grouped into the next transaction (group commit, as the SQLite store's writer does), and each
/// transaction serialises on the chain with one `pg_advisory_xact_lock` — taken once per batch, not
/// per event — then reads the head from `chain_head` and appends after it. Two nodes therefore
/// never produce the same sequence number or a fork: the second waits for the first's commit and
/// sees its head. The events are the Ledger module's (``Ledger/LedgerEvent/make(_:at:after:)``):
/// the same canonical bytes and hash chain as on SQLite.
///
/// The transaction runs at READ COMMITTED, so the head read after the lock is the latest committed
/// one. The primary key on `events.seq` and the check of `chain_head` against the last event are
/// the backstops.
public actor PostgresEventChain {
    /// A fact to append and when it happened.
    public struct Entry: Sendable {
        /// What happened.
        public var fact: LedgerFact
        /// When it happened (stored to the millisecond).
        public var at: Date

        /// Creates a value from its parts.
        public init(_ fact: LedgerFact, at: Date) {
            self.fact = fact
            self.at = at
        }
    }

    /// `pg_advisory_xact_lock` key of the chain (ASCII "LUNASCHN"); every node uses the same.
    package static let chainLockKey: Int64 = 0x4C55_4E41_5343_484E

    private struct Waiter {
        var entries: [Entry]
        var continuation: CheckedContinuation<[LedgerEvent], any Error>
    }

    private let database: PostgresLedgerDatabase
    private let maximumBatch: Int
    private var waiting: [Waiter] = []
    private var committing = false
    private var transactions = 0

    /// A chain appending through `database`'s pool.
    /// - Parameters:
    ///   - database: the pool (one per node).
    ///   - maximumBatch: the most events one transaction appends (a caller's entries are never split).
    public init(database: PostgresLedgerDatabase, maximumBatch: Int = 512) {
        self.database = database
        self.maximumBatch = max(1, maximumBatch)
    }

    /// How many transactions this chain has committed or tried (group commit makes it less than
    /// the number of ``append(_:)`` calls under load).
    public var transactionCount: Int { transactions }

    /// Appends `entries` as consecutive events and returns them once they are committed.
    ///
    /// - Throws: `storage.failure` when the transaction fails; then none of `entries` was appended,
    ///   and the same entries may be appended again.
    public func append(_ entries: [Entry]) async throws -> [LedgerEvent] {
        guard !entries.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(entries: entries, continuation: continuation))
            if !committing {
                committing = true
                Task { await self.commitWaiting() }
            }
        }
    }

    /// Commits the waiting appends, batch after batch, until none is left.
    private func commitWaiting() async {
        while !waiting.isEmpty {
            var batch: [Waiter] = []
            var count = 0
            while let next = waiting.first, batch.isEmpty || count + next.entries.count <= maximumBatch {
                batch.append(waiting.removeFirst())
                count += next.entries.count
            }
            transactions += 1
            do {
                let events = try await Self.commit(batch.flatMap(\.entries), database)
                var offset = 0
                for waiter in batch {
                    waiter.continuation.resume(returning: Array(events[offset..<offset + waiter.entries.count]))
                    offset += waiter.entries.count
                }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        committing = false
    }

    /// One transaction: the lock, the head, the events, the new head.
    private static func commit(_ entries: [Entry], _ database: PostgresLedgerDatabase) async throws -> [LedgerEvent] {
        try await database.transaction { connection in
            var head = try await lockedHead(on: connection, database.logger)
            var events: [LedgerEvent] = []
            events.reserveCapacity(entries.count)
            for entry in entries {
                let event = LedgerEvent.make(entry.fact, at: entry.at, after: head)
                events.append(event)
                head = ChainHead(sequence: event.sequence, hash: event.hash)
            }
            try await write(events, on: connection, database.logger)
            return events
        }
    }

    /// Appends events made elsewhere (`lunas ledger copy`) in one transaction, when the chain's head
    /// is still `expectingHead`.
    /// - Throws: `storage.failure` when the chain moved (another writer appended meanwhile).
    static func insert(
        _ events: [LedgerEvent], expectingHead: ChainHead, _ database: PostgresLedgerDatabase
    ) async throws {
        try await database.transaction { connection in
            let head = try await lockedHead(on: connection, database.logger)
            guard head == expectingHead else {
                throw LedgerError(
                    .storageFailure,
                    "the target chain moved to #\(head.sequence) while copying after #\(expectingHead.sequence): "
                        + "another writer appends to it")
            }
            try await write(events, on: connection, database.logger)
        }
    }

    /// Inside a transaction: serialises on the chain (READ COMMITTED, so the head read after the
    /// lock is the latest committed one) and reads the head.
    private static func lockedHead(on connection: PostgresConnection, _ logger: Logger) async throws -> ChainHead {
        try await connection.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", logger: logger)
        try await connection.query("SELECT pg_advisory_xact_lock(\(chainLockKey))", logger: logger)
        return try await head(on: connection, logger)
    }

    /// Inserts `events` in one statement, moves `chain_head` to the last of them and notifies the
    /// listeners of every node (delivered on commit).
    private static func write(_ events: [LedgerEvent], on connection: PostgresConnection, _ logger: Logger) async throws
    {
        guard let last = events.last else { return }
        var sql = "INSERT INTO events (seq, kind, entity_id, at_ms, payload, prev_hash, hash) VALUES "
        var bindings = PostgresBindings(capacity: events.count * 7)
        for (index, event) in events.enumerated() {
            let base = index * 7
            sql += (index == 0 ? "" : ", ") + "(" + (1...7).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
            bindings.append(event.sequence)
            bindings.append(event.kind.rawValue)
            bindings.append(event.entityID)
            bindings.append(event.at.ledgerMilliseconds)
            bindings.append(event.payload)
            bindings.append(ByteBuffer(bytes: event.previousHash))
            bindings.append(ByteBuffer(bytes: event.hash))
        }
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        try await connection.query(
            """
            INSERT INTO chain_head (id, seq, hash) VALUES (1, \(last.sequence), \(ByteBuffer(bytes: last.hash)))
            ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """, logger: logger)
        // Every node's waiters re-read when, and only when, this transaction commits
        // (`PostgresChangeListener`); the payload is the new head.
        try await connection.query(
            "SELECT pg_notify(\(PostgresChangeListener.channel), \(String(last.sequence)))", logger: logger)
    }

    /// The recorded head, checked against the last event (a disagreement is never appended to).
    static func head(on connection: PostgresConnection, _ logger: Logger) async throws -> ChainHead {
        var recorded = ChainHead.empty
        let rows = try await connection.query("SELECT seq, hash FROM chain_head WHERE id = 1", logger: logger)
        for try await (sequence, hash) in rows.decode((Int64, ByteBuffer).self) {
            recorded = ChainHead(sequence: sequence, hash: Array(hash.readableBytesView))
        }
        var last = ChainHead.empty
        let lastRows = try await connection.query(
            "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", logger: logger)
        for try await (sequence, hash) in lastRows.decode((Int64, ByteBuffer).self) {
            last = ChainHead(sequence: sequence, hash: Array(hash.readableBytesView))
        }
        guard recorded == last else {
            throw LedgerError(
                .storageFailure,
                "the PostgreSQL ledger's chain_head (#\(recorded.sequence)) disagrees with its last event "
                    + "(#\(last.sequence)): nothing is appended until `lunas ledger verify` explains it")
        }
        return recorded
    }

    /// The chain's current head (sequence 0 for an empty chain).
    public func head() async throws -> ChainHead {
        let database = database
        return try await database.connection { connection in try await Self.head(on: connection, database.logger) }
    }

    /// The stored events after `sequence`, in order, at most `limit` of them, exactly as stored
    /// (for ``Ledger/LedgerVerifier`` and `lunas ledger copy`).
    public func storedEvents(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        let database = database
        return try await database.connection { connection in
            var events: [StoredEvent] = []
            let rows = try await connection.query(
                """
                SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events
                WHERE seq > \(sequence) ORDER BY seq LIMIT \(Int64(limit))
                """, logger: database.logger)
            for try await (seq, kind, entity, at, payload, previous, hash) in rows.decode(
                (Int64, String, String, Int64, String, ByteBuffer, ByteBuffer).self)
            {
                events.append(
                    StoredEvent(
                        sequence: seq, kind: kind, entityID: entity, atMilliseconds: at, payload: payload,
                        previousHash: Array(previous.readableBytesView), hash: Array(hash.readableBytesView)))
            }
            return events
        }
    }
}
