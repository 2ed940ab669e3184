/// One row of a query's result: its values in column order, found by position or by name
/// (``PositionalRow``'s readers, `get(_:)` among them).
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
}
