import Foundation
import Ledger
import LedgerSQL
import Logging
import Synchronization

/// The ledger on PostgreSQL (issue #18): the same store as SQLite's — every method is the shared
/// ``LedgerSQL/SQLLedgerStore`` rule, one transaction each, the same events byte for byte, the same
/// errors — on a database that several `lunas serve` nodes share.
///
/// Each store (one per node) writes through its own ``PostgresLedgerWriter`` (group commit under the
/// chain's advisory lock) and reads on a few sessions of its own, each read one
/// `REPEATABLE READ READ ONLY` transaction (a consistent snapshot, as SQLite's readers have). It
/// never migrates: ``open(_:password:logger:options:)`` refuses a schema older or newer than this
/// build knows. A lost connection fails the request that met it with `storage.failure` and is opened
/// again by the next one; the caller's retry with the same idempotency key is what makes it safe.
public final class PostgresLedgerStore: SQLLedgerStore {
    /// How the store connects and writes.
    public struct Options: Sendable {
        /// Batch concurrent writes into one transaction. Off: one transaction per write.
        public var groupCommit: Bool
        /// The most writes one batch takes.
        public var maximumBatch: Int
        /// Sessions for reads (each one connection).
        public var readers: Int
        /// A name for this node's connections (`application_name`-like label in logs).
        public var label: String
        /// Claim the keys and numbers of a batch's invoices together (``PostgresIssueClaims``); off:
        /// each invoice claims its own (the benchmark's plain path).
        public var claimAhead = true

        /// Creates a value from its parts.
        public init(groupCommit: Bool = true, maximumBatch: Int = 1024, readers: Int = 4, label: String = "node") {
            self.groupCommit = groupCommit
            self.maximumBatch = maximumBatch
            self.readers = readers
            self.label = label
        }
    }

    /// Where the store connects (never with the password).
    public let server: DatabaseLocation.PostgresServer
    let writer: PostgresLedgerWriter
    private let readers: [PostgresSessionQueue]
    private let nextReader = Atomic<Int>(0)

    private init(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, options: Options
    ) {
        self.server = server
        writer = PostgresLedgerWriter(
            server, password: password, logger: logger, label: options.label, groupCommit: options.groupCommit,
            maximumBatch: options.maximumBatch, claimAhead: options.claimAhead)
        readers = (0..<max(1, options.readers)).map { index in
            PostgresSessionQueue(server, password: password, logger: logger, label: "reader-\(options.label)-\(index)")
        }
    }

    /// Opens the ledger on `server` after checking that its schema is exactly the one this build
    /// knows.
    /// - Throws: `storage.failure` when the server cannot be reached or refuses the role;
    ///   `schema.tooOld` / `schema.tooNew` naming both versions and `lunas db migrate`.
    public static func open(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, options: Options = Options()
    ) async throws -> PostgresLedgerStore {
        try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger, maximumConnections: 1)
        {
            database in try await PostgresLedgerSchema.requireCurrent(database)
        }
        return PostgresLedgerStore(server, password: password, logger: logger, options: options)
    }

    /// Closes every connection of the store.
    public func close() async {
        await writer.close()
        for reader in readers { await reader.close() }
    }

    public var dialect: SQLDialect { .postgres }

    /// Write transactions started and the writes they carried.
    public var writeStatistics: (transactions: Int, writes: Int) { writer.statistics }

    public func write<T: Sendable>(
        issuing intent: IssueIntent?, _ work: @escaping @Sendable (PostgresSession, inout WriteState) throws -> T
    ) async throws -> T {
        try await Self.mapped { try await writer.write(work, issuing: intent) }
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        let reader = nextReaderQueue()
        return try await Self.mapped {
            try await reader.run { session in try session.snapshot { session in try work(session) } }
        }
    }

    /// The reading session the next read goes to (round robin).
    private func nextReaderQueue() -> PostgresSessionQueue {
        readers[nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count]
    }

    /// Runs `body`, turning the engine's failures into ledger errors.
    private static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw error
        } catch let failure as SQLFailure {
            throw failure.ledgerError
        } catch {
            throw LedgerError(.storageFailure, "ledger storage failed: \(error)", cause: error)
        }
    }
}

extension PostgresLedgerStore {
    /// `lunas ledger verify` on PostgreSQL (``PostgresLedgerVerify``): on a reader's session, in a
    /// read-only snapshot of its own, streaming, with the replay spilled to temporary tables.
    public func verify() async throws -> LedgerVerificationReport {
        let reader = nextReaderQueue()
        return try await Self.mapped { try await reader.run { session in try PostgresLedgerVerify.run(session) } }
    }
}
