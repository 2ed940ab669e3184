import Dispatch
import Foundation
import GRDB
import Ledger
import LedgerSQL

/// The ledger on a SQLite file: GRDB `DatabasePool` in WAL mode with `synchronous=FULL`, one
/// group-committing writer, and the append-only hash-chained event log.
///
/// Open it with ``open(path:options:)``. Every ``LedgerStore`` method is one transaction; writes
/// are answered only after their commit is durable. GRDB types never leave this module.
public final class SQLiteLedgerStore: SQLLedgerStore, ImmediateDeviceLookup {
    /// How the store opens and writes.
    public struct Options: Sendable {
        /// Batch concurrent writes into one transaction (one fsync per batch). Off: one
        /// transaction, one fsync, per write.
        public var groupCommit: Bool
        /// The most writes one batch takes.
        public var maximumBatch: Int
        /// How long a connection waits for a lock held by another process (a CLI tool) before failing.
        public var busyTimeout: TimeInterval
        /// The page size of a database file this creates (SQLite's default, 4096, when nil); an
        /// existing file keeps its own.
        public var pageSize: Int?
        /// The writer connection's page cache in KiB (SQLite's `cache_size` as a negative number).
        public var writerCacheKiB: Int

        /// Creates a value from its parts.
        public init(
            groupCommit: Bool = true, maximumBatch: Int = 1024, busyTimeout: TimeInterval = 5, pageSize: Int? = nil,
            writerCacheKiB: Int = 8192
        ) {
            self.groupCommit = groupCommit
            self.maximumBatch = maximumBatch
            self.busyTimeout = busyTimeout
            self.pageSize = pageSize
            self.writerCacheKiB = writerCacheKiB
        }
    }

    /// The database file.
    public let path: String
    let pool: DatabasePool
    let writer: GroupCommitWriter<Database>
    /// A read-only connection of its own for ``deviceImmediately(credentialHash:)``.
    let immediateReader: DatabaseQueue

    private init(path: String, options: Options) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "lunas.ledger"
        let pageSize = options.pageSize
        configuration.prepareDatabase { db in
            // Savepoint journals (one per request in a group commit) stay in memory.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Runs before the pool switches a new file to WAL, so it applies to the file it creates.
            if let pageSize { try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
        }
        // 0600 whatever the umask: SQLite gives the WAL and shared-memory files the database file's mode.
        try PrivateFile.restrictDatabase(path)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB puts a WAL database in synchronous=NORMAL; the ledger wants every commit on disk
        // before it is acknowledged, so the writer (the only connection that writes) gets FULL.
        // The writer also gets a 64 MiB page cache, so a batch never spills to the WAL before its commit,
        // and checkpoints every 8,192 pages (32 MiB of WAL) instead of 1,000: a page written by many
        // commits (an index's last leaf, the devices' rows) is copied to the database file once per
        // checkpoint, and each checkpoint costs two more fsyncs.
        try pool.writeWithoutTransaction { db in
            try db.execute(
                sql:
                    "PRAGMA synchronous = FULL; PRAGMA cache_size = -\(max(1, options.writerCacheKiB)); PRAGMA wal_autocheckpoint = 8192"
            )
        }
        try LedgerSchema.migrator.migrate(pool)
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(options.busyTimeout)
        readOnly.label = "lunas.ledger.immediate"
        self.immediateReader = try DatabaseQueue(path: path, configuration: readOnly)
        self.path = path
        self.pool = pool
        self.writer = GroupCommitWriter(groupCommit: options.groupCommit, maximumBatch: options.maximumBatch) {
            body in try await pool.write { db in _ = try body(db) }
        }
    }

    /// Opens (creating and migrating if needed) the ledger database at `path`.
    ///
    /// The synchronous open and migration run on a dispatch queue, never on Swift's cooperative
    /// thread pool.
    /// - Throws: `LedgerError` `storage.failure` when the file cannot be opened or migrated.
    public static func open(path: String, options: Options = Options()) async throws -> SQLiteLedgerStore {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try SQLiteLedgerStore(path: path, options: options))
                } catch {
                    continuation.resume(
                        throwing: LedgerError(
                            .storageFailure, "cannot open ledger database \(path): \(error)", cause: error))
                }
            }
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public func writerSynchronousMode() async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Write transactions started since opening and the writes they carried: with group commit,
    /// `writes / transactions` is the average batch size.
    public var writeStatistics: (transactions: Int, writes: Int) { writer.statistics }

    /// The database's `PRAGMA journal_mode` (`wal`).
    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public var dialect: SQLDialect { .sqlite }

    /// Runs a write through the group-committing writer, mapping driver errors to `LedgerError`.
    public func write<T: Sendable>(
        issuing intent: IssueIntent?, _ work: @escaping @Sendable (Database, inout WriteState) throws -> T
    ) async throws -> T {
        do {
            return try await writer.write(work, issuing: intent)
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs a read in a snapshot, mapping driver errors to `LedgerError`.
    public func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(work)
        } catch {
            throw Self.map(error)
        }
    }

    /// ``ImmediateDeviceLookup``: on the store's own read-only connection, on the caller's thread
    /// (never one of the pool's readers, which a long report may all hold).
    public func deviceImmediately(credentialHash: String) throws -> Device? {
        do {
            return try immediateReader.read { db in try LedgerQueries.device(credentialHash: credentialHash, db) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Maps a GRDB error to the ledger's error; `LedgerError`s pass through. A unique violation
    /// becomes the domain's duplicate error through the one list both stores share
    /// (``LedgerSQL/SQLFailure/ledgerError``).
    static func map(_ error: any Error) -> any Error {
        if error is LedgerError { return error }
        if let failure = error as? SQLFailure { return failure.ledgerError }
        guard error is DatabaseError, let failure = SQLiteSession.failure(error) as? SQLFailure else {
            return LedgerError(.storageFailure, "ledger storage failed: \(error)", cause: error)
        }
        return failure.ledgerError
    }
}
