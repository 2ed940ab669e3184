import Acquirer
import Foundation
import Ledger
import Logging
import PostgresNIO

/// An ``Acquirer/NotifyReplayStore`` in the PostgreSQL ledger (`node_notify_replays`, `pg-v5-node-state`),
/// shared by every node on the database (issue #18).
///
/// The keys and windows of ``Acquirer/NotifyReplayCache`` (``Acquirer/NotifyReplayKeys``), one row per key
/// with its expiry and the SHA-256 of the body that claimed it. A claim inserts its keys in one
/// transaction; a key held by a live row is the unique key's conflict, not a read before the write,
/// so of two nodes claiming one key at once exactly one inserts it and the other, waiting on its
/// row, then finds it claimed. A conflict with another body rolls the whole claim back (nothing is
/// remembered), as the file refuses before it writes. An expired row is taken over by the next claim
/// of its key, and every `pruneEvery` claims of a store (and when it is opened) the expired rows
/// are deleted, so the table holds about one window of notifies.
public actor PostgresNotifyReplayStore: NotifyReplayStore {
    let database: PostgresLedgerDatabase
    let window: TimeInterval
    let pruneEvery: Int
    private var claimsSincePrune = 0

    /// A store in `database` that first deletes the rows expired at `now`.
    /// - Parameters:
    ///   - window: the profile's clock skew, in seconds.
    ///   - pruneEvery: how many claims between two deletions of expired rows.
    /// - Throws: ``Acquirer/AcquirerError`` `notifyReplay.storeUnavailable` with the server's reason.
    public static func open(
        _ database: PostgresLedgerDatabase, window: TimeInterval, now: Date, pruneEvery: Int = 1_024
    ) async throws(AcquirerError) -> PostgresNotifyReplayStore {
        let store = PostgresNotifyReplayStore(database: database, window: window, pruneEvery: pruneEvery)
        try await store.prune(now: NotifyReplayKeys.milliseconds(now))
        return store
    }

    private init(database: PostgresLedgerDatabase, window: TimeInterval, pruneEvery: Int) {
        self.database = database
        self.window = window
        self.pruneEvery = max(1, pruneEvery)
    }

    /// A claim refused by a key another body holds: thrown to roll the claim's transaction back.
    private struct Taken: Error, Sendable {
        var claim: NotifyReplayClaim
    }

    /// See ``Acquirer/NotifyReplayStore/claim(timestamp:signature:partnerID:externalID:body:now:)``.
    public func claim(
        timestamp: SNAPTimestamp, signature: String, partnerID: String, externalID: String?, body: String, now: Date
    ) async throws(AcquirerError) -> NotifyReplayClaim {
        let claimed = NotifyReplayKeys(
            timestamp: timestamp, signature: signature, partnerID: partnerID, externalID: externalID, now: now,
            window: window)
        let logger = database.logger
        do {
            try await database.transaction { connection in
                for (key, ifTaken) in claimed.keys {
                    let inserted = try await connection.query(
                        """
                        INSERT INTO node_notify_replays (key, until_ms, body) VALUES (\(key), \(claimed.until), \(body))
                        ON CONFLICT (key) DO UPDATE SET until_ms = EXCLUDED.until_ms, body = EXCLUDED.body
                        WHERE node_notify_replays.until_ms <= \(claimed.now)
                        RETURNING key
                        """, logger: logger
                    ).collect()
                    guard inserted.isEmpty else { continue }
                    let holder = try await connection.query(
                        "SELECT body FROM node_notify_replays WHERE key = \(key)", logger: logger
                    ).collect()
                    // The same body again is no replay (the acquirer re-sending a notify); its key is kept as it is.
                    if try holder.first?.decode(String.self) != body { throw Taken(claim: ifTaken) }
                }
            }
        } catch {
            if let taken = (error as? LedgerError)?.cause as? Taken ?? error as? Taken { return taken.claim }
            throw Self.unavailable("cannot persist a notify claim", database, error)
        }
        claimsSincePrune += 1
        if claimsSincePrune >= pruneEvery {
            claimsSincePrune = 0
            try await prune(now: claimed.now)
        }
        return .fresh
    }

    /// Deletes the rows expired at `now` (milliseconds since 1970).
    private func prune(now: Int64) async throws(AcquirerError) {
        let logger = database.logger
        do {
            try await database.connection { connection in
                _ = try await connection.query(
                    "DELETE FROM node_notify_replays WHERE until_ms <= \(now)", logger: logger)
            }
        } catch {
            throw Self.unavailable("cannot delete expired notify claims", database, error)
        }
    }

    static func unavailable(_ what: String, _ database: PostgresLedgerDatabase, _ error: any Error) -> AcquirerError {
        let reason = PostgresLedgerDatabase.ledgerError(error)
        return AcquirerError(
            .notifyReplayStoreUnavailable,
            "\(what) in the PostgreSQL ledger \(database.server.url): \(reason.message)", cause: reason)
    }
}
