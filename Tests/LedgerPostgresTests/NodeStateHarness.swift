import Acquirer
import Foundation
import Ledger
import LedgerPostgres
import Logging
import LunasTestSupport
import Reconciliation
import Testing

@testable import API

/// The two implementations of each node-state concept (issue #18): the files of one node's data
/// directory, and the PostgreSQL ledger's `node_` tables. The PostgreSQL one runs only with the
/// scratch server (``PostgresTestServer``); without it only the files are tested.
enum NodeStateBackend: String, Sendable, CustomTestStringConvertible {
    case file, postgres

    /// The backends this run can test.
    static var available: [NodeStateBackend] { PostgresTestServer.enabled ? [.file, .postgres] : [.file] }

    var testDescription: String { rawValue }
}

/// Where a node keeps its state: a data directory, or a pool on the shared database.
enum NodeStorage: Sendable {
    case directory(URL)
    case database(PostgresLedgerDatabase)

    /// The X-EXTERNAL-ID store on this storage (a file store reads its file again, as a restart does).
    func externalIDs() throws -> any ExternalIDStore {
        switch self {
        case .directory(let url): try FileExternalIDStore(path: url.appendingPathComponent("external-ids.jsonl").path)
        case .database(let database): PostgresExternalIDStore(database)
        }
    }

    /// The notify replay store on this storage, opened at `now`.
    func replays(window: TimeInterval, now: Date, pruneEvery: Int = 1_024) async throws -> any NotifyReplayStore {
        switch self {
        case .directory(let url):
            try NotifyReplayCache(
                path: url.appendingPathComponent("notify-replays.jsonl").path, window: window, now: now)
        case .database(let database):
            try await PostgresNotifyReplayStore.open(database, window: window, now: now, pruneEvery: pruneEvery)
        }
    }

    /// The receipt key store on this storage.
    func receiptKeys() -> any ReceiptKeyStore {
        switch self {
        case .directory(let url): FileReceiptKeyStore(dataDirectory: url)
        case .database(let database): PostgresReceiptKeyStore(database)
        }
    }

    /// The settlement archive on this storage.
    func settlements() throws -> any SettlementArchiveStore {
        switch self {
        case .directory(let url): try SettlementArchive(dataDirectory: url)
        case .database(let database): PostgresSettlementArchive(database)
        }
    }
}

enum NodeStateHarness {
    static let logger: Logger = {
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with two nodes' storage: for files one new data directory (both "nodes" are the one
    /// node, opened twice, as a restart does); for PostgreSQL two pools on one new database migrated to
    /// the current schema.
    static func withTwoNodes<Result: Sendable>(
        _ backend: NodeStateBackend, _ body: (NodeStorage, NodeStorage) async throws -> Result
    ) async throws -> Result {
        switch backend {
        case .file:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "lunas-nodestate-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(.directory(directory), .directory(directory))
        case .postgres:
            return try await PostgresTestServer.withScratchDatabase { server, password in
                try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) { a in
                    _ = try await PostgresLedgerSchema.migrate(a, appliedBy: "test")
                    return try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                        b in try await body(.database(a), .database(b))
                    }
                }
            }
        }
    }

    /// Runs `sql` on the scratch database of `storage` with psql (PostgreSQL storage only).
    static func psql(_ sql: String, _ storage: NodeStorage) async throws -> String {
        guard case .database(let database) = storage else { return "" }
        return try await PostgresTestServer.psql(sql, database: database.server.database)
    }
}
