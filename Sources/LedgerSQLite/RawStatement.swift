import GRDB
import GRDBSQLite
import LedgerSQL

/// A prepared statement of the writer's hot path, bound and stepped with the SQLite C calls on
/// GRDB's statement handle (`Statement.sqliteStatement`).
///
/// GRDB's `execute(arguments:)` boxes every argument into a `DatabaseValue` array and runs its
/// observation and region bookkeeping around each step; issuing an invoice runs four statements
/// with some 30 arguments, and that boxing was the largest part of the single writer's own CPU
/// time. This binds integers and text straight from Swift values. Use it only inside a read or
/// write closure (the connection's queue), only for statements no transaction observer needs to
/// see (the ledger registers none), and bind every parameter before each ``step()``.
///
/// Why it stays (STYLE.md "one code path per concern"), measured side by side on 2026-12-06 (one
/// release binary with each path switchable, `lunas ledger bench-issue --issuers 64 --mode group`,
/// alternating, steal 0 %): it binds the three statements that run per invoice besides the event
/// (idempotency claim, device sequence, invoice row). Against GRDB's `execute(arguments:)` for
/// them, with the tree encoder: 109-133 µs of CPU per invoice (mean 118, seven rounds) against
/// 117-141 µs (mean 127), 7 %; with the direct encoder that ships: 97-119 µs (mean 108, four
/// rounds) against 104-122 µs (mean 113), 4 %. Alone it does not earn 10 %. It stays because the
/// issuance figure may not get more than 10 % worse than before this measurement (every fast path:
/// 93-104 µs, mean 100), and without it that figure is 13 % worse (113 µs).
///
/// Applying a settlement file (issue #14) runs about ten statements per row; since 2026-12-07 the
/// event row, the payment and invoice-settlement rows, the two invoice updates, and the look-ups
/// of the invoice, of the (bill number, RRN) payment and of the closed day (`bookIfLate`) go
/// through it, with the look-ups' rows decoded by position (``PositionalRow``). Measured side by
/// side in one release binary with each part switchable (`lunas settlement apply` of the 100,000-row
/// day of `Benchmarks/settlement/run.sh`, CPU seconds, user + system, load average 11-16): all of it
/// 5.2/5.5/5.3/5.3/5.4 s; the three look-ups through GRDB's `Row.fetchOne` instead 6.6/6.6 s
/// (+22 %); the five writes through GRDB's `execute(arguments:)` instead 6.2/6.1 s (+15 %).
/// Other statements go through GRDB. It is the SQLite session's ``LedgerSQL/SQLStatement``.
public struct RawStatement: SQLStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// The writer's cached statement for `sql`, reset for new bindings.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
    }

    public func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    public func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bindText(index, UnsafeRawBufferPointer($0)) }
    }

    public func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds one of the session's values.
    public func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case .integer(let integer): sqlite3_bind_int64(handle, index, integer)
        case .real(let real): sqlite3_bind_double(handle, index, real)
        case .text(let text): bind(index, text)
        case .blob(let bytes): bindBlob(index, bytes)
        }
    }

    /// The current row's column as one of the session's values.
    public func value(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, index))
        case SQLITE_BLOB: .blob((try? blob(index)) ?? [])
        default: .text(optionalText(index) ?? "")
        }
    }

    /// The number of the statement's placeholders.
    var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// The number of columns of the statement's rows.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Binds UTF-8 bytes as TEXT (SQLite copies them).
    public func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // A nil pointer would bind NULL: an empty text gets a pointer to nothing instead.
        let empty: StaticString = ""
        let pointer = bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
        sqlite3_bind_text(handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
    }

    /// Binds bytes as a BLOB (SQLite copies them).
    public func bindBlob(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            let empty: StaticString = ""
            let pointer = buffer.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
            sqlite3_bind_blob(handle, index, pointer, Int32(buffer.count), transient)
        }
    }

    /// Runs the statement to its first row (returns true; the row's columns are readable until the
    /// next call) or to its end (false).
    ///
    /// - Throws: ``LedgerSQL/SQLFailure`` from SQLite's extended result code and message, as the
    ///   session's `execute` throws it.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let code = sqlite3_extended_errcode(connection)
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_reset(handle)
            throw SQLiteSession.failure(
                DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql))
        }
    }

    /// The current row's integer column.
    func int64(column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The statement's column names.
    public var names: [String] { statement.columnNames }

    public func text(_ index: Int32) throws -> String {
        guard let text = optionalText(index) else { throw nullColumn(index) }
        return text
    }

    public func int64(_ index: Int32) throws -> Int64 {
        guard let value = optionalInt64(index) else { throw nullColumn(index) }
        return value
    }

    /// The current row's integer column, nil for NULL.
    public func optionalInt64(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// The current row's blob column (an empty blob for a zero-length one).
    public func blob(_ index: Int32) throws -> [UInt8] {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { throw nullColumn(index) }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The current row's text column, nil for NULL.
    public func optionalText(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let text = sqlite3_column_text(handle, index) else {
            return nil
        }
        return String(
            decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    /// The error of a NULL where the ledger writes none.
    func nullColumn(_ index: Int32) -> SQLFailure {
        SQLFailure.column(statement.columnNames[Int(index)], "holds NULL, not a value")
    }

    /// How many rows the last statement of the connection inserted, updated or deleted.
    public var changes: Int32 { sqlite3_changes(connection) }

    /// Resets the statement so that it holds no read transaction or row; bindings stay.
    public func reset() { sqlite3_reset(handle) }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the bind call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
