import GRDB
import Ledger
import LedgerSQL

/// One table of ``SQLiteReplaySpill``: values by key text, written by `insert` (which replaces an
/// earlier row of the key: the table's key is `ON CONFLICT REPLACE`) and read by `decode`.
final class SQLiteSpillTable<Value>: ReplaySpillTable {
    private let db: Database
    private let insert: (String, Value, Database) throws -> Void
    private let decode: (Row) throws -> Value
    private let lookupSQL: String
    private let firstSQL: String
    private let afterSQL: String

    init(
        _ db: Database, table: String, key: String, columns: String,
        insert: @escaping (String, Value, Database) throws -> Void, decode: @escaping (Row) throws -> Value
    ) {
        self.db = db
        self.insert = insert
        self.decode = decode
        lookupSQL = "SELECT \(columns) FROM \"\(table)\" WHERE \"\(key)\" = ?"
        // The key last: decoders that read by position (``LedgerRowCodec/invoice(_:)``) find their
        // columns first.
        firstSQL = "SELECT \(columns), \"\(key)\" AS spill_key FROM \"\(table)\" ORDER BY \"\(key)\" LIMIT ?"
        afterSQL =
            "SELECT \(columns), \"\(key)\" AS spill_key FROM \"\(table)\" WHERE \"\(key)\" > ? ORDER BY \"\(key)\" LIMIT ?"
    }

    func value(forKey key: String) throws -> Value? {
        try Row.fetchOne(db.cachedStatement(sql: lookupSQL), arguments: [key]).map(decode)
    }

    func store(_ entries: [(key: String, value: Value)]) throws {
        for entry in entries { try insert(entry.key, entry.value, db) }
    }

    func entries(after key: String?, limit: Int) throws -> [(key: String, value: Value)] {
        let rows =
            try key.map { try Row.fetchCursor(db.cachedStatement(sql: afterSQL), arguments: [$0, limit]) }
            ?? Row.fetchCursor(db.cachedStatement(sql: firstSQL), arguments: [limit])
        var entries: [(key: String, value: Value)] = []
        while let row = try rows.next() {
            entries.append((key: try row.decode(String.self, forColumn: "spill_key"), value: try decode(row)))
        }
        return entries
    }
}
