import API
import Foundation
import Ledger
import LedgerPostgres
import Logging

/// What `lunas serve` needs from `database.url` besides its configuration (issue #18): the ledger,
/// where the node's own state lives, and how it works with the other nodes.
struct ServingNode: Sendable {
    /// The database's shared node state (PostgreSQL), or nil: the data directory's files (SQLite).
    var shared: SharedNodeState?
    /// How the node is woken by the others' writes and whether it runs the periodic jobs.
    var coordination: NodeCoordination
    /// Opens (on SQLite: creates) the ledger; called after the configuration was accepted, so a
    /// refused start creates nothing.
    var openStore: @Sendable () async throws -> any LedgerStore & IdempotencyLookup
}

extension StoreOpening {
    /// Runs `body` with what a `lunas serve` node needs from `database.url`, for as long as it runs.
    ///
    /// SQLite: one node alone (files in the data directory, ``API/NodeCoordination``'s defaults).
    /// PostgreSQL: a pool for the shared node state (X-EXTERNAL-IDs, notify replays, receipt keys,
    /// settlement files), a LISTEN connection that wakes this node's SSE streams and long-polls on
    /// every other node's commit, another that reloads the receipt keys on every rotation, and the invoice expiry's leadership (one node at a time); the store
    /// itself refuses a schema other than this build's.
    static func serving<T: Sendable>(
        for command: String, settings: ServerSettings, logger: Logger, _ body: (ServingNode) async throws -> T
    ) async throws -> T {
        switch try refusingBadURL(
            command, { try location(of: settings.databaseURL, dataDirectory: settings.dataDirectory) })
        {
        case .sqlite:
            return try await body(
                ServingNode(shared: nil, coordination: NodeCoordination()) {
                    try await open(for: command, settings: settings, mode: .createIfMissing)
                })
        case .postgres(let server):
            let password = try DatabaseLocation.password(environment: ProcessInfo.processInfo.environment)
            return try await PostgresLedgerDatabase.withDatabase(
                server, password: password, logger: quietLogger, maximumConnections: 4
            ) { database in
                let shared = SharedNodeState(
                    externalIDs: PostgresExternalIDStore(database),
                    notifyReplays: { window, now in
                        try await PostgresNotifyReplayStore.open(database, window: window, now: now)
                    },
                    receiptKeys: PostgresReceiptKeyStore(database), settlements: PostgresSettlementArchive(database))
                let changes = LedgerChangeBroadcast()
                let listener = PostgresChangeListener(server, password: password, signal: changes, logger: logger)
                let listening = Task { await listener.run() }
                defer { listening.cancel() }
                // A receipt key rotated through any node (`lunas receipt-key rotate`) is reloaded here.
                let keyChanges = LedgerChangeBroadcast()
                let keyListener = PostgresChangeListener(
                    server, password: password, channel: PostgresReceiptKeyStore.channel, signal: keyChanges,
                    logger: logger)
                let keyListening = Task { await keyListener.run() }
                defer { keyListening.cancel() }
                // Invoice expiry runs on one node at a time (a fenced advisory lock; docs/postgres.md).
                let leadership = PostgresJobLeadership(
                    "invoice-expiry", server: server, password: password, logger: logger, timing: try .init())
                let coordination = NodeCoordination(
                    changes: changes, leadership: leadership, receiptKeyChanges: keyChanges)
                let node = ServingNode(shared: shared, coordination: coordination) {
                    try await open(for: command, settings: settings, mode: .existing)
                }
                return try await body(node)
            }
        }
    }
}
