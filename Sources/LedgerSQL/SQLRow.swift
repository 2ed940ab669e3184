/// One row of a query's result: its values in column order, found by position or by name.
///
/// Reading a column as the wrong type (a NULL as a non-optional, text as an integer) or a column
/// the query did not select throws ``SQLFailure/column(_:_:)`` naming the column: a schema and its
/// code that disagree fail loudly, never with a default.
public struct SQLRow: Sendable, Hashable {
    /// The result's column names, lower-cased, in order (shared by every row of one result).
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLValue]

    /// A row from its parts; `columns` and `values` have the same count.
    public init(columns: [String], values: [SQLValue]) {
        precondition(columns.count == values.count, "a row has one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the column at `index` as `T`.
    public func get<T: SQLValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw SQLFailure.column("#\(index)", "the row has \(values.count) columns")
        }
        return try convert(values[index], column: columns[index])
    }

    /// The value of the column named `name` (case-insensitive) as `T`.
    public func get<T: SQLValueConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        let lowered = name.lowercased()
        guard let index = columns.firstIndex(of: lowered) else {
            throw SQLFailure.column(
                name, "the query selected no such column (it has \(columns.joined(separator: ", ")))")
        }
        return try convert(values[index], column: lowered)
    }

    private func convert<T: SQLValueConvertible>(_ value: SQLValue, column: String) throws -> T {
        guard let converted = T(sqlValue: value) else {
            throw SQLFailure.column(column, "holds \(value.storageClass), not \(T.self)")
        }
        return converted
    }
}
