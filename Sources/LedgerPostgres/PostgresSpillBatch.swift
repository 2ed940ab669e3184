import Foundation
import LedgerSQL

/// A ``LedgerSQL/SQLSession`` that runs nothing: it gathers the statements the ledger's row codec
/// writes (`INSERT INTO invoices …`), renamed to a spill table, and ``write(_:)`` sends them with
/// each run of one `INSERT` merged into multi-row statements — a batch of 8,192 entries in a handful
/// of round trips instead of one each (``PostgresReplaySpill``).
final class PostgresSpillBatch: SQLSession {
    var dialect: SQLDialect { .postgres }
    /// The statements run later, inside the verifying session's transaction.
    var isInsideTransaction: Bool { true }

    private let table: String
    private let spill: String
    private var statements: [(sql: String, arguments: [SQLValue])] = []
    /// Each statement text renamed once: the codec writes the same few texts for every entry, and
    /// renaming them character by character was a third of the spill's CPU (`perf`, 100,032 events).
    private var renames: [String: String] = [:]

    /// A batch whose statements on `table` go to `spill`.
    init(table: String, spill: String) {
        self.table = table
        self.spill = spill
    }

    func prepared(_ sql: String) throws -> PostgresSpillStatement {
        try PostgresSpillStatement(self, sql)
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let text = try renames[sql] ?? renamed(sql)
        renames[sql] = text
        statements.append((text, arguments))
        return 1
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        throw SQLFailure.engine(code: "spill", message: "verify's spill batch reads nothing: \(sql)")
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try body()
    }

    /// `sql` on the spill table: an `INSERT INTO` or `UPDATE` of the batch's table, or a failure.
    private func renamed(_ sql: String) throws -> String {
        let text = sql.drop(while: \.isWhitespace)
        for verb in ["INSERT INTO ", "UPDATE "] where text.hasPrefix(verb + table) {
            let rest = text.dropFirst(verb.count + table.count)
            if rest.first.map({ $0.isWhitespace || $0 == "(" }) ?? false { return verb + spill + rest }
        }
        throw SQLFailure.engine(code: "spill", message: "verify's spill cannot write to \(spill): \(sql)")
    }

    /// Sends the gathered statements in order; consecutive runs of one `INSERT … VALUES (…)` go as
    /// multi-row statements of at most 1,000 rows (and 65,535 parameters, PostgreSQL's bound).
    func write(_ session: PostgresSession) throws {
        var index = 0
        while index < statements.count {
            let sql = statements[index].sql
            var end = index + 1
            while end < statements.count, statements[end].sql == sql { end += 1 }
            if end - index > 1, let clause = Self.valuesClause(sql) {
                let width = max(1, statements[index].arguments.count)
                let perStatement = max(1, min(1_000, 65_535 / width))
                for start in stride(from: index, to: end, by: perStatement) {
                    let rows = statements[start..<min(end, start + perStatement)]
                    let tuples = Array(repeating: clause.tuple, count: rows.count).joined(separator: ", ")
                    try session.execute(clause.head + tuples + clause.tail, rows.flatMap { $0.arguments })
                }
            } else {
                for statement in statements[index..<end] { try session.execute(statement.sql, statement.arguments) }
            }
            index = end
        }
        statements = []
    }

    /// An `INSERT`'s text before its `VALUES` tuple, the tuple, and the text after it.
    private static func valuesClause(_ sql: String) -> (head: String, tuple: String, tail: String)? {
        guard sql.hasPrefix("INSERT INTO "), let values = sql.range(of: "VALUES ("),
            let close = sql[values.upperBound...].firstIndex(of: ")")
        else { return nil }
        let open = sql.index(before: values.upperBound)
        return (
            String(sql[..<open]), String(sql[open...close]), String(sql[sql.index(after: close)...])
        )
    }
}

/// A statement of ``PostgresSpillBatch``: its bindings are gathered and its step records it.
final class PostgresSpillStatement: SQLStatement {
    private let batch: PostgresSpillBatch
    private let sql: String
    private var bindings: [SQLValue]

    fileprivate init(_ batch: PostgresSpillBatch, _ sql: String) throws {
        self.batch = batch
        self.sql = sql
        bindings = Array(repeating: .null, count: try SQLPlaceholders.numbered(sql).count)
    }

    func bind(_ index: Int32, _ value: Int64) { bind(index, SQLValue.integer(value)) }
    func bind(_ index: Int32, _ value: Int64?) { bind(index, value.map(SQLValue.integer) ?? .null) }
    func bind(_ index: Int32, _ value: String) { bind(index, SQLValue.text(value)) }
    func bind(_ index: Int32, _ value: String?) { bind(index, value.map(SQLValue.text) ?? .null) }
    func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        bind(index, SQLValue.text(String(decoding: bytes, as: UTF8.self)))
    }
    func bindBlob(_ index: Int32, _ bytes: [UInt8]) { bind(index, SQLValue.blob(bytes)) }
    func bind(_ index: Int32, _ value: SQLValue) { bindings[Int(index) - 1] = value }

    @discardableResult
    func step() throws -> Bool {
        try batch.execute(sql, bindings)
        return false
    }

    var changes: Int32 { 1 }
    func reset() {}

    var names: [String] { [] }
    private func noRow() -> SQLFailure { .engine(code: "spill", message: "verify's spill batch reads nothing: \(sql)") }
    func text(_ index: Int32) throws -> String { throw noRow() }
    func optionalText(_ index: Int32) throws -> String? { throw noRow() }
    func int64(_ index: Int32) throws -> Int64 { throw noRow() }
    func optionalInt64(_ index: Int32) throws -> Int64? { throw noRow() }
    func blob(_ index: Int32) throws -> [UInt8] { throw noRow() }
    func value(_ index: Int32) throws -> SQLValue { throw noRow() }
}
