/// A result row read by column position: the current row of a prepared statement
/// (``SQLStatement``), a buffered ``SQLRow``, or an engine's own row type.
///
/// The ledger's decoders read the columns of their codec's column list at the positions that list
/// gives them; every query they decode selects that list first. Why positions: applying a
/// settlement file reads an invoice per row, and a look-up by name compares every column's name.
public protocol PositionalRow {
    /// The column names, for the debug check that a query selected what its decoder reads.
    var names: [String] { get }
    func text(_ index: Int32) throws -> String
    func optionalText(_ index: Int32) throws -> String?
    func int64(_ index: Int32) throws -> Int64
    func optionalInt64(_ index: Int32) throws -> Int64?
    func blob(_ index: Int32) throws -> [UInt8]
    /// The column's value as stored.
    func value(_ index: Int32) throws -> SQLValue
}

extension PositionalRow {
    /// The position of the column named `name` (as selected; case-insensitive).
    /// - Throws: ``SQLFailure/column(_:_:)`` when the query selected no such column.
    public func index(of name: String) throws -> Int32 {
        let columns = names
        if let index = columns.firstIndex(of: name)
            ?? columns.firstIndex(where: { $0.lowercased() == name.lowercased() })
        {
            return Int32(index)
        }
        throw SQLFailure.column(name, "the query selected no such column (it has \(columns.joined(separator: ", ")))")
    }

    public func text(_ name: String) throws -> String { try text(index(of: name)) }
    public func optionalText(_ name: String) throws -> String? { try optionalText(index(of: name)) }
    public func int64(_ name: String) throws -> Int64 { try int64(index(of: name)) }
    public func optionalInt64(_ name: String) throws -> Int64? { try optionalInt64(index(of: name)) }
    public func blob(_ name: String) throws -> [UInt8] { try blob(index(of: name)) }

    /// The column at `index` as `T` (an optional `T` for a column that may hold NULL).
    public func get<T: SQLValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        let value = try value(Int32(index))
        guard let converted = T(sqlValue: value) else {
            throw SQLFailure.column(
                names.indices.contains(index) ? names[index] : "#\(index)", "holds \(value.storageClass), not \(T.self)"
            )
        }
        return converted
    }

    /// The column named `name` as `T` (an optional `T` for a column that may hold NULL).
    /// - Throws: ``SQLFailure/column(_:_:)`` naming the column, for a value of another kind.
    public func get<T: SQLValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        let value = try value(index(of: name))
        guard let converted = T(sqlValue: value) else {
            throw SQLFailure.column(name, "holds \(value.storageClass), not \(T.self)")
        }
        return converted
    }

    /// A stored boolean: 0 is false, 1 is true, anything else throws naming the column.
    public func bool(_ name: String) throws -> Bool {
        switch try int64(name) {
        case 0: return false
        case 1: return true
        case let other: throw SQLFailure.column(name, "holds \(other), not a stored boolean (0 or 1)")
        }
    }

    /// An integer column as `Int`.
    public func int(_ name: String) throws -> Int {
        let value = try int64(name)
        guard let exact = Int(exactly: value) else {
            throw SQLFailure.column(name, "holds \(value), out of Int's range")
        }
        return exact
    }

    /// Asserts (debug builds) that the row starts with `columns`.
    public func assertColumns(_ columns: [String]) {
        assert(Array(names.prefix(columns.count)) == columns, "the row's columns \(names) do not start with \(columns)")
    }
}

/// A statement prepared once per session and run many times: bind every parameter (1-based, as
/// the `?` appear), ``step()`` to each row and read it by position, ``reset()`` before the next
/// run. On SQLite the binds are the C calls on a cached statement (the writer's hot path); on
/// PostgreSQL they are collected and sent with the first step.
///
/// Use one only inside the session's transaction, and reset it (the session may hand the same
/// statement to the next caller of the same SQL).
public protocol SQLStatement: PositionalRow {
    func bind(_ index: Int32, _ value: Int64)
    func bind(_ index: Int32, _ value: Int64?)
    func bind(_ index: Int32, _ value: String)
    func bind(_ index: Int32, _ value: String?)
    func bind(_ index: Int32, _ value: SQLValue)
    /// Binds UTF-8 bytes as text (copied before the call returns).
    func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer)
    /// Binds bytes as a blob (copied before the call returns).
    func bindBlob(_ index: Int32, _ bytes: [UInt8])
    /// Runs the statement to its next row (true; readable until the next call) or to its end.
    @discardableResult
    func step() throws -> Bool
    /// How many rows the statement's last run inserted, updated or deleted.
    var changes: Int32 { get }
    /// Ends the current run; the bindings stay.
    func reset()
}

extension SQLRow: PositionalRow {
    public var names: [String] { columns }
    public func text(_ index: Int32) throws -> String { try get(Int(index)) }
    public func optionalText(_ index: Int32) throws -> String? { try get(Int(index)) }
    public func int64(_ index: Int32) throws -> Int64 { try get(Int(index)) }
    public func optionalInt64(_ index: Int32) throws -> Int64? { try get(Int(index)) }
    public func blob(_ index: Int32) throws -> [UInt8] { try get(Int(index)) }
    public func value(_ index: Int32) throws -> SQLValue {
        guard values.indices.contains(Int(index)) else {
            throw SQLFailure.column("#\(index)", "the row has \(values.count) columns")
        }
        return values[Int(index)]
    }
}
