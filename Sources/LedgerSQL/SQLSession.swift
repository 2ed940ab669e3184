/// One connection, inside one transaction, that the ledger's SQL runs on — SQLite's or PostgreSQL's.
///
/// The ledger's rules (which rows to read, which to write, which events to append) are written once
/// against this protocol; each store supplies a session on its own engine and its own transaction
/// handling (SQLite's group-commit writer, PostgreSQL's advisory-locked chain). Statements are
/// written with `?` placeholders in the SQL both engines accept; a session that speaks another
/// placeholder style rewrites them (``SQLPlaceholders``).
///
/// Calls block the calling thread until the engine answers: a session is used from a thread of its
/// own (a store's writer thread, a reader pool's thread), never from Swift's cooperative pool.
public protocol SQLSession {
    /// The engine's prepared statement.
    associatedtype Statement: SQLStatement

    /// Which engine this is, for the few statements whose SQL differs (``SQLDialect``).
    var dialect: SQLDialect { get }

    /// The session's prepared statement for `sql`, reset and ready for new bindings: the way to
    /// run a statement many times in one transaction, or to read rows by position. ``execute(_:_:)``
    /// and ``rows(_:_:)`` are the way for everything else.
    func prepared(_ sql: String) throws -> Statement

    /// Runs a statement that returns no rows and answers how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs a write whose count of changed rows nobody reads. An engine may send it later, with the
    /// next statement that waits for an answer (PostgreSQL, inside a transaction: one round trip
    /// less); its failure then surfaces there, at the savepoint's release or at the commit, so it
    /// still ends its savepoint or its transaction. The default runs it at once (``execute(_:_:)``).
    func perform(_ sql: String, _ arguments: [SQLValue]) throws

    /// Runs a query and answers its rows, in the order the engine returned them.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Runs a query and hands each row to `body` as it comes, by position or name (the row is
    /// readable only during the call): a long scan need not hold its rows at once. The default steps
    /// a ``prepared(_:)`` statement (SQLite reads one row per step); PostgreSQL's session fetches
    /// inside a transaction from a server-side cursor, a bounded batch at a time.
    func each(_ sql: String, _ arguments: [SQLValue], _ body: (Statement) throws -> Void) throws

    /// Runs `body` inside a savepoint: its statements are kept when it returns and undone when it
    /// throws (the error is rethrown); the surrounding transaction goes on either way.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// True while a transaction is open on the session: false after an error that ended it (SQLite
    /// rolls back on some I/O errors; a PostgreSQL session whose connection was lost has none).
    var isInsideTransaction: Bool { get }
}

extension SQLSession {
    /// ``execute(_:_:)`` with Swift values as its arguments.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Int {
        try execute(sql, arguments.map(\.sqlValue))
    }

    public func perform(_ sql: String, _ arguments: [SQLValue]) throws {
        try execute(sql, arguments)
    }

    /// ``perform(_:_:)`` with Swift values as its arguments.
    public func perform(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws {
        try perform(sql, arguments.map(\.sqlValue))
    }

    /// ``rows(_:_:)`` with Swift values as its arguments.
    public func rows(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> [SQLRow] {
        try rows(sql, arguments.map(\.sqlValue))
    }

    public func each(_ sql: String, _ arguments: [SQLValue], _ body: (Statement) throws -> Void) throws {
        let statement = try prepared(sql)
        defer { statement.reset() }
        for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
        while try statement.step() { try body(statement) }
    }

    /// ``each(_:_:_:)`` with Swift values as its arguments.
    public func each(
        _ sql: String, _ arguments: [any SQLValueConvertible] = [], _ body: (Statement) throws -> Void
    ) throws {
        try each(sql, arguments.map(\.sqlValue), body)
    }

    /// The first row of a query with Swift values as its arguments, or nil when it returned none.
    public func row(_ sql: String, _ arguments: [any SQLValueConvertible]) throws -> SQLRow? {
        try rows(sql, arguments.map(\.sqlValue)).first
    }

    /// The first column of the first row as an integer, or nil when the query returned no row.
    public func int64(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Int64? {
        try row(sql, arguments).map { try $0.get(0) }
    }

    /// The first column of the first row as text, or nil when the query returned no row.
    public func string(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> String? {
        try row(sql, arguments).map { try $0.get(0) }
    }

    /// The first column of the first row as a stored boolean (0 or 1), or nil when the query
    /// returned no row.
    public func bool(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Bool? {
        try row(sql, arguments).map { try $0.get(0) }
    }

    /// The first column of the first row as `Int`, or nil when the query returned no row.
    public func int(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> Int? {
        try row(sql, arguments).map { try $0.get(0) }
    }

    /// The first column of every row as an integer.
    public func int64s(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> [Int64] {
        try rows(sql, arguments).map { try $0.get(0) }
    }

    /// The first column of every row as text.
    public func strings(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws -> [String] {
        try rows(sql, arguments).map { try $0.get(0) }
    }

    /// The first row of a query, or nil when it returned none.
    public func row(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row as `T`, or nil when the query returned no row.
    public func value<T: SQLValueConvertible>(
        _ sql: String, _ arguments: [SQLValue] = [], as type: T.Type = T.self
    )
        throws -> T?
    {
        try row(sql, arguments).map { try $0.get(0) }
    }
}

/// The engine behind a session.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres

    /// The SQL for the text at `path` (object keys) inside the JSON text in `column`: SQLite's
    /// `json_extract`, PostgreSQL's `#>>` on the text read as `jsonb`. For text members only.
    public func jsonText(_ column: String, _ path: String...) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(path.joined(separator: "."))')"
        case .postgres: "(\(column)::jsonb #>> '{\(path.joined(separator: ","))}')"
        }
    }

    /// The inner join whose tables are taken in the order written: SQLite's `CROSS JOIN` (its
    /// planner never reorders one); PostgreSQL's planner chooses, so a plain `JOIN`.
    public var joinInOrder: String {
        switch self {
        case .sqlite: "CROSS JOIN"
        case .postgres: "JOIN"
        }
    }

    /// The SQL for the 1-based position of `needle` in `text` (0 when absent): SQLite's `instr`,
    /// PostgreSQL's `strpos`.
    public func position(of needle: String, in text: String) -> String {
        switch self {
        case .sqlite: "instr(\(text), \(needle))"
        case .postgres: "strpos(\(text), \(needle))"
        }
    }
}
