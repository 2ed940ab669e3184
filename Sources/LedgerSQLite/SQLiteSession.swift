import Foundation
import GRDB
import LedgerSQL

/// The ledger's store-neutral ``LedgerSQL/SQLSession`` is a GRDB database connection, inside the
/// transaction GRDB holds (issue #18: the same SQL runs on SQLite and PostgreSQL). The ledger's
/// rules take `some SQLSession`; the SQLite store hands them its `Database`.
///
/// Statements are GRDB's cached statements; values map one to one onto SQLite's storage classes.
/// Prepared statements (``RawStatement``) bind and step with SQLite's C calls.
extension Database: SQLSession {
    public var dialect: SQLDialect { .sqlite }

    public func prepared(_ sql: String) throws -> RawStatement {
        try RawStatement(self, sql)
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let statement = try start(sql, arguments)
        defer { statement.reset() }
        while try statement.step() {}
        return Int(statement.changes)
    }

    public func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try start(sql, arguments)
        defer { statement.reset() }
        let columns = statement.names.map { $0.lowercased() }
        var rows: [SQLRow] = []
        while try statement.step() {
            rows.append(SQLRow(columns: columns, values: (0..<statement.columnCount).map(statement.value)))
        }
        return rows
    }

    /// The cached statement for `sql` with `arguments` bound, one per placeholder.
    private func start(_ sql: String, _ arguments: [SQLValue]) throws -> RawStatement {
        let statement: RawStatement
        do {
            statement = try prepared(sql)
        } catch {
            throw SQLiteSession.failure(error)
        }
        let count = Int(statement.parameterCount)
        guard count == arguments.count else {
            throw SQLFailure.engine(
                code: "arguments",
                message: "the statement has \(count) placeholders but \(arguments.count) arguments: \(sql)")
        }
        for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
        return statement
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { throw SQLFailure.engine(code: "savepoint", message: "the savepoint ran nothing") }
        return result
    }
}

/// SQLite's half of the session seam: a transaction on a file for tests and tools, and the
/// conversions between GRDB's values and errors and ``LedgerSQL``'s.
public enum SQLiteSession {
    /// Opens (or creates) the SQLite file at `path` and runs `body` in one transaction on it:
    /// committed when it returns, rolled back when it throws. GRDB stays inside this module.
    public static func transaction<T>(databaseAt path: String, _ body: (any SQLSession) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        var result: T?
        try queue.inTransaction { db in
            result = try body(db)
            return .commit
        }
        guard let result else { throw SQLFailure.engine(code: "transaction", message: "the transaction ran nothing") }
        return result
    }

    /// GRDB's error in the shared terms: SQLite's `UNIQUE constraint failed: t.a, t.b` names the
    /// table and columns.
    static func failure(_ error: any Error) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        let message = database.message ?? "no message"
        let prefix = "UNIQUE constraint failed: "
        if database.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || database.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY,
            message.hasPrefix(prefix)
        {
            let qualified = message.dropFirst(prefix.count).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let tables = Set(qualified.compactMap { $0.split(separator: ".").first.map(String.init) })
            if tables.count == 1, let table = tables.first {
                let columns = qualified.compactMap { $0.split(separator: ".").last.map(String.init) }
                return SQLFailure.uniqueViolation(table: table, columns: columns, message: message)
            }
        }
        return SQLFailure.engine(code: "SQLite \(database.extendedResultCode.rawValue)", message: message)
    }
}

extension Row: PositionalRow {
    public var names: [String] { Array(columnNames) }
    public func text(_ index: Int32) throws -> String { try decode(String.self, atIndex: Int(index)) }
    public func optionalText(_ index: Int32) throws -> String? { try decode(String?.self, atIndex: Int(index)) }
    public func int64(_ index: Int32) throws -> Int64 { try decode(Int64.self, atIndex: Int(index)) }
    public func optionalInt64(_ index: Int32) throws -> Int64? { try decode(Int64?.self, atIndex: Int(index)) }
    public func blob(_ index: Int32) throws -> [UInt8] { Array(try decode(Data.self, atIndex: Int(index))) }
    public func value(_ index: Int32) throws -> SQLValue {
        switch (self[Int(index)] as DatabaseValue).storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
    }
}
