import Acquirer
import Foundation
import Ledger
import Logging
import PostgresNIO
import Reconciliation

/// The second half of `lunas ledger copy` (issue #18): what a node on SQLite keeps in its data
/// directory — the settlement archive, the receipt keys, the X-EXTERNAL-IDs — into the PostgreSQL
/// ledger's `node_` tables (`pg-v5-node-state`), so the nodes that serve from it have them.
///
/// Idempotent, so a copy run again (or resumed after an interruption) adds only what is missing:
/// settlements are keyed by id and never rewritten; an external id already in the target for its
/// operation is kept; a day's counter only grows; a receipt key present by key id is not copied
/// again. A target that already signs with another key than the source is refused
/// (`copy.targetNotEmpty`): two cities' keys never mix. The seed goes from the 0600 file to the
/// table and nowhere else (never logged).
public enum PostgresNodeStateCopy {
    /// What a copy did, per kind: copied now, and already in the target.
    public struct Outcome: Sendable, Hashable {
        public var settlementsCopied = 0
        public var settlementsPresent = 0
        public var externalIDsCopied = 0
        public var externalIDsPresent = 0
        public var receiptKeysCopied = 0
        public var receiptKeysPresent = 0

        /// Creates an empty outcome.
        public init() {}
    }

    /// Copies what is given into `database`.
    /// - Parameters:
    ///   - settlements: the data directory's settlement archive, or nil when it has none.
    ///   - receiptKeys: its receipt keys, or nil when it has none.
    ///   - externalIDs: its X-EXTERNAL-ID file, or nil when it has none.
    /// - Throws: `copy.targetNotEmpty` for a target that signs with another key; `storage.failure`;
    ///   the source's own errors (a damaged record or file).
    public static func copy(
        settlements: (any SettlementArchiveStore)?, receiptKeys: (any ReceiptKeyStore)?,
        externalIDs: FileExternalIDStore?, to database: PostgresLedgerDatabase
    ) async throws -> Outcome {
        var outcome = Outcome()
        if let receiptKeys { try await copyKeys(receiptKeys, database, &outcome) }
        if let settlements {
            let target = PostgresSettlementArchive(database)
            for record in try await settlements.records() {
                let reports = try await reportsOf(record.id, in: settlements)
                let stored = try await target.store(
                    record, reports: reports,
                    compressedOriginal: try await settlements.compressedOriginal(id: record.id))
                if stored { outcome.settlementsCopied += 1 } else { outcome.settlementsPresent += 1 }
            }
        }
        if let externalIDs { try await copyExternalIDs(externalIDs, database, &outcome) }
        return outcome
    }

    static func reportsOf(
        _ id: String, in archive: any SettlementArchiveStore
    ) async throws
        -> [ReconciliationReport.Format: [UInt8]]
    {
        var reports: [ReconciliationReport.Format: [UInt8]] = [:]
        for format in ReconciliationReport.Format.allCases {
            reports[format] = try await archive.report(id: id, format: format)
        }
        return reports
    }

    static func copyKeys(
        _ source: any ReceiptKeyStore, _ database: PostgresLedgerDatabase, _ outcome: inout Outcome
    )
        async throws
    {
        let signing = try await source.signingKey()
        let ring = try await source.ring()
        let logger = database.logger
        let now = Date()
        // The seed is in these statements: a refusal keeps no detail (PostgresReceiptKeyStore.withoutDetail).
        let (copied, present) = try await PostgresReceiptKeyStore.withoutDetail {
            try await database.transaction { connection -> (Int, Int) in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresReceiptKeyStore.lockKey))", logger: logger)
                if let current = try await PostgresReceiptKeyStore.signing(connection, logger),
                    current.publicKey != signing.publicKey
                {
                    throw LedgerError(
                        .copyTargetNotEmpty,
                        "the target PostgreSQL ledger signs receipts with key \(current.publicKey.keyID), the source with "
                            + "\(signing.publicKey.keyID): it is another city's; copy into a new database")
                }
                var copied = 0
                var present = 0
                for entry in ring.keys {
                    let exists = try await connection.query(
                        "SELECT 1 FROM node_receipt_keys WHERE key_id = \(entry.keyID.description)", logger: logger
                    ).collect()
                    if !exists.isEmpty {
                        present += 1
                        continue
                    }
                    if entry.publicKey == signing.publicKey {
                        _ = try await PostgresReceiptKeyStore.insert(signing, at: now, connection, logger)
                    } else {
                        try await PostgresReceiptKeyStore.insertRetired(entry, at: now, connection, logger)
                    }
                    copied += 1
                }
                return (copied, present)
            }
        }
        outcome.receiptKeysCopied = copied
        outcome.receiptKeysPresent = present
    }

    static func copyExternalIDs(
        _ source: FileExternalIDStore, _ database: PostgresLedgerDatabase, _ outcome: inout Outcome
    ) async throws {
        let records = await source.records()
        let days = await source.issuedPerDay()
        let logger = database.logger
        let (copied, present) = try await database.transaction { connection -> (Int, Int) in
            var copied = 0
            for record in records {
                let inserted = try await connection.query(
                    """
                    INSERT INTO node_external_ids (operation, external_id, day, issued_ms)
                    VALUES (\(record.operation), \(record.externalID), \(record.day.description), 0)
                    ON CONFLICT DO NOTHING RETURNING operation
                    """, logger: logger
                ).collect()
                copied += inserted.count
            }
            for (day, issued) in days {
                try await connection.query(
                    """
                    INSERT INTO node_external_id_days (day, issued) VALUES (\(day.description), \(Int64(issued)))
                    ON CONFLICT (day) DO UPDATE SET issued = GREATEST(node_external_id_days.issued, EXCLUDED.issued)
                    """, logger: logger)
            }
            return (copied, records.count - copied)
        }
        outcome.externalIDsCopied = copied
        outcome.externalIDsPresent = present
    }
}
