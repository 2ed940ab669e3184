import Foundation
import LedgerSQL
import PostgresNIO

/// The PostgreSQL session's ``LedgerSQL/SQLStatement``: the bindings are collected, and the first
/// ``step()`` sends the statement with them and keeps its rows; later steps walk those rows. Inside
/// a transaction, a statement that answers no rows (`INSERT`, `UPDATE`, `DELETE` without
/// `RETURNING`) is queued (``PostgresSession/send(_:_:)``: it goes with the next statement that
/// waits); reading its ``changes`` waits for it.
public final class PostgresStatement: SQLStatement {
    private let session: PostgresSession
    private let sql: String
    private var bindings: [SQLValue]
    private var result: [SQLRow]?
    private var position = -1
    private var changed: Int32 = 0
    /// The answer of a statement sent without waiting, until ``changes`` is read.
    private var sent: PostgresQueuedWrite.Changes?
    /// Whether the statement answers no rows, so its first step need not wait.
    private let answersNoRows: Bool

    init(_ session: PostgresSession, _ sql: String) throws {
        self.session = session
        self.sql = sql
        let shape = try session.shape(sql)
        bindings = Array(repeating: .null, count: shape.count)
        answersNoRows = shape.answersNoRows
    }

    private func set(_ index: Int32, _ value: SQLValue) {
        precondition(index >= 1 && Int(index) <= bindings.count, "parameter \(index) of \(bindings.count): \(sql)")
        bindings[Int(index) - 1] = value
    }

    public func bind(_ index: Int32, _ value: Int64) { set(index, .integer(value)) }
    public func bind(_ index: Int32, _ value: Int64?) { set(index, value.map(SQLValue.integer) ?? .null) }
    public func bind(_ index: Int32, _ value: String) { set(index, .text(value)) }
    public func bind(_ index: Int32, _ value: String?) { set(index, value.map(SQLValue.text) ?? .null) }
    public func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        set(index, .text(String(decoding: bytes, as: UTF8.self)))
    }
    public func bindBlob(_ index: Int32, _ bytes: [UInt8]) { set(index, .blob(bytes)) }
    public func bind(_ index: Int32, _ value: SQLValue) { set(index, value) }

    @discardableResult
    public func step() throws -> Bool {
        if result == nil {
            // Queued only inside a transaction (as ``PostgresSession/perform(_:_:)``): outside one
            // it would go with another caller's next statement, and its failure to that caller.
            if answersNoRows, session.transactionOpen {
                sent = try session.send(sql, bindings)
                result = []
            } else {
                let (rows, changes) = try session.run(sql, bindings)
                result = rows
                changed = Int32(clamping: changes)
            }
        }
        position += 1
        return position < result!.count
    }

    /// The rows the statement changed; for one sent without waiting, after its answer (0 when it
    /// failed: its failure is thrown by the session's next statement or flush).
    public var changes: Int32 {
        if let answer = sent {
            sent = nil
            changed = Int32(clamping: session.changes(of: answer))
        }
        return changed
    }

    /// Makes `rows` the statement's result, to be stepped through (a batch fetched from a cursor:
    /// ``PostgresSession/each(_:_:_:)``).
    func load(_ rows: [SQLRow]) {
        result = rows
        position = -1
    }

    public func reset() {
        sent = nil
        result = nil
        position = -1
    }

    private var row: SQLRow {
        precondition(result != nil && position >= 0 && position < result!.count, "no current row: \(sql)")
        return result![position]
    }

    public var names: [String] { result?.first?.columns ?? [] }
    public func text(_ index: Int32) throws -> String { try row.text(index) }
    public func optionalText(_ index: Int32) throws -> String? { try row.optionalText(index) }
    public func int64(_ index: Int32) throws -> Int64 { try row.int64(index) }
    public func optionalInt64(_ index: Int32) throws -> Int64? { try row.optionalInt64(index) }
    public func blob(_ index: Int32) throws -> [UInt8] { try row.blob(index) }
    public func value(_ index: Int32) throws -> SQLValue { try row.value(index) }
}
