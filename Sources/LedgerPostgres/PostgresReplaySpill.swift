import Foundation
import Ledger
import LedgerSQL

/// Where `verify` on PostgreSQL keeps the replayed state that is not in memory (``Ledger/ReplaySpill``):
/// TEMPORARY tables of the verifying session, `verify_spill_<table>` with the ledger table's columns
/// (`LIKE`, its defaults), written by the ledger's own row codec and read by it, each keyed by its
/// primary key in `COLLATE "C"` (so a scan in key order is the UTF-8 byte order the replay walks).
///
/// Why the server and not a file beside the process (SQLite's spill): `LedgerPostgres` may not use
/// GRDB (docs/architecture-modules.md), and temporary tables need nothing of the node's disk. They
/// are created before the read-only transaction opens (a `READ ONLY` transaction may write a
/// temporary table but not create one) and dropped by ``drop()``; they vanish with the session
/// anyway. A hot standby cannot hold them: verify on the primary (or a restored copy).
///
/// Each batch the replay hands over is written in a few statements — the codec's inserts gathered
/// (``PostgresSpillBatch``) into multi-row `INSERT`s after one `DELETE` of the batch's keys — since
/// a round trip per entry would make the spill the whole cost of verifying.
final class PostgresReplaySpill: LedgerRowSpill {
    private let session: PostgresSession
    private var created: [String] = []

    init(_ session: PostgresSession) {
        self.session = session
    }

    /// Drops the spill's tables (outside the verifying transaction).
    func drop() {
        for table in created { _ = try? session.execute("DROP TABLE IF EXISTS pg_temp.\(table)", []) }
        created = []
    }

    private func create(_ table: String, _ definition: String) throws {
        try session.execute("DROP TABLE IF EXISTS pg_temp.\(table)", [])
        try session.execute("CREATE TEMPORARY TABLE \(table) \(definition)", [])
        created.append(table)
    }

    /// A spill table of `table`'s columns (as the ledger has them), keyed by `key`.
    func records<Value>(
        _ table: String, key: String, columns: String, insert: @escaping (Value, PostgresSpillBatch) throws -> Void,
        decode: @escaping (SQLRow) throws -> Value
    ) throws -> any ReplaySpillTable<Value> {
        let spill = "verify_spill_\(table)"
        try create(spill, "(LIKE \(table) INCLUDING DEFAULTS)")
        try session.execute(
            "ALTER TABLE \(spill) ALTER COLUMN \(key) TYPE TEXT COLLATE \"C\", ADD PRIMARY KEY (\(key))", [])
        let session = session
        return PostgresSpillTable(
            session, table: spill, key: key, columns: columns, decode: decode,
            store: { entries in
                for start in stride(from: 0, to: entries.count, by: 1_000) {
                    let keys = entries[start..<min(entries.count, start + 1_000)].map { SQLValue.text($0.key) }
                    let marks = Array(repeating: "?", count: keys.count).joined(separator: ", ")
                    try session.execute("DELETE FROM \(spill) WHERE \(key) IN (\(marks))", keys)
                }
                let batch = PostgresSpillBatch(table: table, spill: spill)
                for entry in entries { try insert(entry.value, batch) }
                try batch.write(session)
            })
    }

    /// A spill table of one value column.
    private func values<Value>(
        _ name: String, _ type: String, _ value: @escaping (Value) -> SQLValue,
        decode: @escaping (SQLRow) throws -> Value
    ) throws -> any ReplaySpillTable<Value> {
        let spill = "verify_spill_\(type.lowercased())_\(name)"
        try create(spill, "(key TEXT COLLATE \"C\" PRIMARY KEY, value \(type) NOT NULL)")
        let session = session
        let insert =
            "INSERT INTO \(spill) (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        return PostgresSpillTable(
            session, table: spill, key: "key", columns: "value", decode: decode,
            store: { entries in
                let batch = PostgresSpillBatch(table: spill, spill: spill)
                for entry in entries { try batch.execute(insert, [.text(entry.key), value(entry.value)]) }
                try batch.write(session)
            })
    }

    func texts(_ name: String) throws -> any ReplaySpillTable<String> {
        try values(name, "TEXT", { .text($0) }, decode: { try $0.text(0) })
    }

    func integers(_ name: String) throws -> any ReplaySpillTable<Int64> {
        try values(name, "BIGINT", { .integer($0) }, decode: { try $0.int64(0) })
    }
}

/// One table of ``PostgresReplaySpill``: values by key text, read by `decode` from rows that start
/// with the codec's `columns`, written by `store` (one batch, replacing earlier values of its keys).
final class PostgresSpillTable<Value>: ReplaySpillTable {
    private let session: PostgresSession
    private let decode: (SQLRow) throws -> Value
    private let write: ([(key: String, value: Value)]) throws -> Void
    private let lookupSQL: String
    private let firstSQL: String
    private let afterSQL: String

    init(
        _ session: PostgresSession, table: String, key: String, columns: String,
        decode: @escaping (SQLRow) throws -> Value, store: @escaping ([(key: String, value: Value)]) throws -> Void
    ) {
        self.session = session
        self.decode = decode
        write = store
        lookupSQL = "SELECT \(columns) FROM \(table) WHERE \(key) = ?"
        // The key last: decoders that read by position find their columns first.
        firstSQL = "SELECT \(columns), \(key) AS spill_key FROM \(table) ORDER BY \(key) LIMIT ?"
        afterSQL = "SELECT \(columns), \(key) AS spill_key FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT ?"
    }

    func value(forKey key: String) throws -> Value? {
        try session.rows(lookupSQL, [.text(key)]).first.map(decode)
    }

    func store(_ entries: [(key: String, value: Value)]) throws {
        try write(entries)
    }

    func entries(after key: String?, limit: Int) throws -> [(key: String, value: Value)] {
        let rows =
            try key.map { try session.rows(afterSQL, [.text($0), .integer(Int64(limit))]) }
            ?? session.rows(firstSQL, [.integer(Int64(limit))])
        return try rows.map { row in (key: try row.text("spill_key"), value: try decode(row)) }
    }
}
