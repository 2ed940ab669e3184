import Foundation
import GRDB
import LedgerSQL

/// The ledger's store-neutral ``LedgerSQL/SQLSession`` on a GRDB database connection, inside the
/// transaction GRDB holds (issue #18: the same SQL runs on SQLite and PostgreSQL).
///
/// Statements are GRDB's cached statements; values map one to one onto SQLite's storage classes.
public struct SQLiteSession: SQLSession {
    let db: Database

    public var dialect: SQLDialect { .sqlite }

    /// Opens (or creates) the SQLite file at `path` and runs `body` in one transaction on it:
    /// committed when it returns, rolled back when it throws. GRDB stays inside this module.
    public static func transaction<T>(databaseAt path: String, _ body: (SQLiteSession) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        var result: T?
        try queue.inTransaction { db in
            result = try body(SQLiteSession(db: db))
            return .commit
        }
        guard let result else { throw SQLFailure.engine(code: "transaction", message: "the transaction ran nothing") }
        return result
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        } catch {
            throw Self.failure(error)
        }
    }

    public func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let columns = statement.columnNames.map { $0.lowercased() }
            return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
                SQLRow(columns: columns, values: row.databaseValues.map(Self.value))
            }
        } catch {
            throw Self.failure(error)
        }
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { throw SQLFailure.engine(code: "savepoint", message: "the savepoint ran nothing") }
        return result
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(
            values.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: nil
                case .integer(let integer): integer
                case .real(let real): real
                case .text(let text): text
                case .blob(let bytes): Data(bytes)
                }
            })
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
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
