import Foundation
import GRDB
import Ledger
import LedgerSQL

/// The temporary SQLite database where `verify` keeps the replayed state that is not in memory
/// (``ReplaySpill``): one table per kind of record, with the ledger table's columns, written and
/// read by the ledger's own row codec, each keyed by its primary key (`WITHOUT ROWID`, so a scan in
/// key order reads the table in order).
///
/// It is thrown away after the run: no journal, no sync, one transaction that is never committed,
/// and the file is removed by ``run(beside:ledger:_:)``.
final class SQLiteReplaySpill: LedgerRowSpill {
    /// The spill's connection; valid only inside ``run(beside:ledger:_:)``.
    private let db: Database
    /// The ledger's connection, whose tables' columns the spill's tables repeat.
    private let ledger: Database

    private init(db: Database, ledger: Database) {
        self.db = db
        self.ledger = ledger
    }

    /// Runs `work` with a new spill in a temporary file beside `ledgerPath` (or in the system's
    /// temporary directory when that directory cannot be written), then removes the file.
    ///
    /// - Parameter cacheKiB: the spill connection's page cache.
    static func run<T>(
        beside ledgerPath: String, ledger: Database, cacheKiB: Int = 32_768, _ work: (SQLiteReplaySpill) throws -> T
    ) throws -> T {
        let name = ".verify-\(UUID().uuidString).sqlite"
        let candidates = [
            URL(fileURLWithPath: ledgerPath).deletingLastPathComponent().appendingPathComponent(name),
            FileManager.default.temporaryDirectory.appendingPathComponent(name),
        ]
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(
                sql: """
                    PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
                    PRAGMA temp_store = FILE; PRAGMA cache_size = -\(cacheKiB)
                    """)
        }
        var lastError: (any Error)?
        for file in candidates {
            let queue: DatabaseQueue
            do {
                // Created 0600 first: the spill holds a copy of the ledger's rows.
                try PrivateFile.restrict(file.path)
                queue = try DatabaseQueue(path: file.path, configuration: configuration)
            } catch {
                try? FileManager.default.removeItem(at: file)
                lastError = error
                continue
            }
            defer {
                try? queue.close()
                try? FileManager.default.removeItem(at: file)
            }
            return try queue.inDatabase { db in
                try db.execute(sql: "BEGIN")
                defer { try? db.execute(sql: "ROLLBACK") }
                return try work(SQLiteReplaySpill(db: db, ledger: ledger))
            }
        }
        throw lastError ?? LedgerError(.storageFailure, "no directory for verify's temporary database")
    }

    /// A spill table of `table`'s columns (as the ledger has them), keyed by `key`.
    func records<Value>(
        _ table: String, key: String, columns: String, insert: @escaping (Value, Database) throws -> Void,
        decode: @escaping (Row) throws -> Value
    ) throws -> any ReplaySpillTable<Value> {
        let names = try Row.fetchAll(ledger, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
        let others = names.filter { $0 != key }.map { "\"\($0)\"" }
        try db.execute(
            sql: "CREATE TABLE \"\(table)\" (\"\(key)\" TEXT PRIMARY KEY ON CONFLICT REPLACE"
                + others.map { ", \($0)" }.joined() + ") WITHOUT ROWID")
        return SQLiteSpillTable(
            db, table: table, key: key, columns: columns, insert: { _, value, db in try insert(value, db) },
            decode: decode)
    }

    /// A spill table of one value column, written through ``RawStatement`` (`bind` binds the
    /// value as parameter 2): every new key of the replay is written once, and GRDB's boxed
    /// arguments and per-insert statement text were a fifth of the spill's cost.
    private func values<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ name: String, _ type: String, _ bind: @escaping (RawStatement, Value) -> Void
    ) throws -> any ReplaySpillTable<Value> {
        let table = "\(type.lowercased())_\(name)"
        try db.execute(
            sql: "CREATE TABLE \"\(table)\" (key TEXT PRIMARY KEY ON CONFLICT REPLACE, value \(type)) WITHOUT ROWID")
        let insertSQL = "INSERT INTO \"\(table)\" VALUES (?, ?)"
        return SQLiteSpillTable(
            db, table: table, key: "key", columns: "key, value",
            insert: { key, value, db in
                let statement = try RawStatement(db, insertSQL)
                statement.bind(1, key)
                bind(statement, value)
                try statement.step()
            },
            decode: { row in try row.decode(Value.self, forColumn: "value") })
    }

    func texts(_ name: String) throws -> any ReplaySpillTable<String> {
        try values(name, "TEXT") { $0.bind(2, $1) }
    }

    func integers(_ name: String) throws -> any ReplaySpillTable<Int64> {
        try values(name, "INTEGER") { $0.bind(2, $1) }
    }
}
