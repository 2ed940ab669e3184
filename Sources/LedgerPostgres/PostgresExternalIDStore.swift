import Acquirer
import Foundation
import Ledger
import Logging
import PostgresNIO

/// An ``Acquirer/ExternalIDStore`` in the PostgreSQL ledger (`pg-v5-node-state`), shared by every node
/// on the database (issue #18).
///
/// The same ids as ``Acquirer/FileExternalIDStore``: one operation keeps its id for its Jakarta day,
/// the next id of a day takes the day's next sequence number (`node_external_id_days`, incremented
/// in the row, so two nodes never take the same one), and `external_id` is a unique key, so no id is
/// ever handed out twice. Two nodes asking for the same operation at once get the same id: the row is
/// keyed by operation and replaced only by a later day's id. Like the file's memory, one row per
/// operation is kept (its last id); day counters older than two days before the newest are deleted
/// (a node whose clock is more than two days behind could otherwise restart a past day's sequence).
public struct PostgresExternalIDStore: ExternalIDStore {
    let database: PostgresLedgerDatabase

    /// The store in `database` (migrated to `pg-v5-node-state` or later).
    public init(_ database: PostgresLedgerDatabase) {
        self.database = database
    }

    /// See ``Acquirer/ExternalIDStore/externalID(for:at:)``.
    /// - Throws: ``Acquirer/AcquirerError`` `externalID.storeUnavailable` with the server's reason.
    public func externalID(for operation: String, at now: Date) async throws(AcquirerError) -> String {
        let day = CivilDate(containing: now, offset: .jakarta)
        let issuedAt = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let logger = database.logger
        do {
            return try await database.transaction { connection in
                if let existing = try await Self.id(of: operation, on: day, connection, logger) { return existing }
                let counted = try await connection.query(
                    """
                    INSERT INTO node_external_id_days (day, issued) VALUES (\(day.description), 1)
                    ON CONFLICT (day) DO UPDATE SET issued = node_external_id_days.issued + 1 RETURNING issued
                    """, logger: logger
                ).collect()
                let sequence = try counted[0].decode(Int64.self)
                if sequence == 1 {
                    try await connection.query(
                        "DELETE FROM node_external_id_days WHERE day COLLATE \"C\" < \(day.adding(days: -2).description)",
                        logger: logger)
                }
                var generator = SystemRandomNumberGenerator()
                let candidate = ExternalIDRecord.externalID(day: day, sequence: Int(sequence), using: &generator)
                let inserted = try await connection.query(
                    """
                    INSERT INTO node_external_ids (operation, external_id, day, issued_ms)
                    VALUES (\(operation), \(candidate), \(day.description), \(issuedAt))
                    ON CONFLICT (operation) DO UPDATE SET external_id = EXCLUDED.external_id, day = EXCLUDED.day,
                        issued_ms = EXCLUDED.issued_ms
                    WHERE node_external_ids.day <> EXCLUDED.day
                    RETURNING external_id
                    """, logger: logger
                ).collect()
                if let row = inserted.first { return try row.decode(String.self) }
                // Another node issued this operation's id for the day first: its committed row is the answer.
                guard let issued = try await Self.id(of: operation, on: day, connection, logger) else {
                    throw LedgerError(
                        .storageFailure, "the id of \(operation) changed to another day's while it was issued")
                }
                return issued
            }
        } catch {
            let reason = PostgresLedgerDatabase.ledgerError(error)
            throw AcquirerError(
                .externalIDStoreUnavailable,
                "cannot persist X-EXTERNAL-ID to the PostgreSQL ledger \(database.server.url): \(reason.message)",
                cause: reason)
        }
    }

    /// See ``Acquirer/ExternalIDStore/lastRecord(for:)``; nil also when the database cannot be read
    /// (logged as a warning).
    public func lastRecord(for operation: String) async -> ExternalIDRecord? {
        let logger = database.logger
        do {
            return try await database.connection { connection in
                let rows = try await connection.query(
                    "SELECT external_id, day FROM node_external_ids WHERE operation = \(operation)", logger: logger
                ).collect()
                guard let row = rows.first else { return nil }
                let (id, day) = try row.decode((String, String).self)
                guard let date = CivilDate(iso8601: day) else { return nil }
                return ExternalIDRecord(operation: operation, externalID: id, day: date)
            }
        } catch {
            logger.warning(
                "cannot read the last X-EXTERNAL-ID",
                metadata: ["reason": "\(PostgresLedgerDatabase.ledgerError(error).message)"])
            return nil
        }
    }

    /// The id issued for `operation` on `day`, if any.
    static func id(
        of operation: String, on day: CivilDate, _ connection: PostgresConnection, _ logger: Logger
    )
        async throws -> String?
    {
        let rows = try await connection.query(
            "SELECT external_id FROM node_external_ids WHERE operation = \(operation) AND day = \(day.description)",
            logger: logger
        ).collect()
        return try rows.first?.decode(String.self)
    }
}
