import Foundation
import Ledger
import Logging
import PostgresNIO
import Reconciliation

/// A ``Reconciliation/SettlementArchiveStore`` in the PostgreSQL ledger (`node_settlements`,
/// `pg-v5-node-state`): a file uploaded through one node is read, byte for byte, and applied through
/// any other (issue #18).
///
/// One row per settlement, inserted in one statement with its record, the three reports and the
/// bank's original (gzip, the bytes the file archive keeps as `original.gz`), so it exists complete
/// or not at all; the id is the primary key, so a second store of the same bytes changes nothing,
/// and a trigger refuses every UPDATE and DELETE. The record is kept as the file archive's
/// `record.json` bytes; the order of ``records()`` is `importedAt`, then the row's position (the order
/// of the commits), then the id.
public struct PostgresSettlementArchive: SettlementArchiveStore {
    let database: PostgresLedgerDatabase

    /// The archive in `database` (migrated to `pg-v5-node-state` or later).
    public init(_ database: PostgresLedgerDatabase) {
        self.database = database
    }

    /// See ``Reconciliation/SettlementArchiveStore/record(id:)``.
    /// - Throws: `storage.failure`; a stored record that does not decode, naming the id.
    public func record(id: String) async throws -> SettlementArchiveRecord? {
        guard SettlementArchiveRecord.isValidID(id) else { return nil }
        guard let bytes = try await column("record", id: id) else { return nil }
        return try Self.decode(bytes, id: id)
    }

    /// See ``Reconciliation/SettlementArchiveStore/report(id:format:)``.
    public func report(id: String, format: ReconciliationReport.Format) async throws -> [UInt8]? {
        guard SettlementArchiveRecord.isValidID(id) else { return nil }
        return try await column(Self.column(format), id: id)
    }

    /// See ``Reconciliation/SettlementArchiveStore/compressedOriginal(id:)``.
    public func compressedOriginal(id: String) async throws -> [UInt8]? {
        guard SettlementArchiveRecord.isValidID(id) else { return nil }
        return try await column("original", id: id)
    }

    /// See ``Reconciliation/SettlementArchiveStore/records()``.
    public func records() async throws -> [SettlementArchiveRecord] {
        let logger = database.logger
        let rows = try await database.connection { connection in
            try await connection.query("SELECT id, record, position FROM node_settlements", logger: logger).collect()
        }
        let stored = try rows.map { row in
            let (id, bytes, position) = try row.decode((String, ByteBuffer, Int64).self)
            return (try Self.decode(Array(bytes.readableBytesView), id: id), position)
        }
        return stored.sorted {
            ($0.0.entry.importedAt, $0.1, $0.0.id) < ($1.0.entry.importedAt, $1.1, $1.0.id)
        }.map(\.0)
    }

    /// See ``Reconciliation/SettlementArchiveStore/store(_:reports:compressedOriginal:)``.
    /// - Throws: `storage.failure` with the server's reason (nothing is stored); `ReconciliationError`
    ///   `io.failed` for a record whose id is not a settlement id.
    public func store(
        _ record: SettlementArchiveRecord, reports: [ReconciliationReport.Format: [UInt8]], compressedOriginal: [UInt8]?
    ) async throws -> Bool {
        guard SettlementArchiveRecord.isValidID(record.id) else {
            throw ReconciliationError(.io, "settlement archive: \(record.id) is not a settlement id")
        }
        let encoded = ByteBuffer(bytes: try SettlementArchiveRecord.encoded(record))
        let original = compressedOriginal.map { ByteBuffer(bytes: $0) }
        let json = reports[.json].map { ByteBuffer(bytes: $0) }
        let csv = reports[.csv].map { ByteBuffer(bytes: $0) }
        let html = reports[.html].map { ByteBuffer(bytes: $0) }
        let storedAt = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let logger = database.logger
        let inserted = try await database.connection { connection in
            try await connection.query(
                """
                INSERT INTO node_settlements (id, record, original, report_json, report_csv, report_html, stored_ms)
                VALUES (\(record.id), \(encoded), \(original), \(json), \(csv), \(html), \(storedAt))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
        }
        return !inserted.isEmpty
    }

    /// The bytes of `name` in the row of `id`; nil without the row or with a NULL column.
    private func column(_ name: String, id: String) async throws -> [UInt8]? {
        let logger = database.logger
        let rows = try await database.connection { connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(name) FROM node_settlements WHERE id = $1",
                    binds: {
                        var binds = PostgresBindings(); binds.append(id); return binds
                    }()),
                logger: logger
            ).collect()
        }
        guard let row = rows.first, let bytes = try row.decode(ByteBuffer?.self) else { return nil }
        return Array(bytes.readableBytesView)
    }

    /// The column of a report format (a fixed name, never from input).
    static func column(_ format: ReconciliationReport.Format) -> String {
        switch format {
        case .json: "report_json"
        case .csv: "report_csv"
        case .html: "report_html"
        }
    }

    static func decode(_ bytes: [UInt8], id: String) throws -> SettlementArchiveRecord {
        do {
            return try JSONDecoder().decode(SettlementArchiveRecord.self, from: Data(bytes))
        } catch {
            throw ReconciliationError(.io, "settlement archive: the record of \(id) does not decode", cause: error)
        }
    }
}
