/// The `WHERE` clause of a list query (exception cases, complaints), built from the filters the
/// query was given: each condition with the values of its `?` placeholders, joined with `AND`.
package struct SQLFilter {
    package init() {}

    /// The conditions, in the order they were added.
    package private(set) var conditions: [String] = []
    /// The values of the conditions' placeholders, in order.
    package private(set) var arguments: [SQLValue] = []

    /// Adds `condition` with the values of its placeholders (one per `?`).
    package mutating func add(_ condition: String, _ values: any SQLValueConvertible...) {
        add(condition, values: values)
    }

    /// Adds `condition` with the values of its placeholders (one per `?`).
    package mutating func add(_ condition: String, values: [any SQLValueConvertible]) {
        conditions.append(condition)
        arguments += values.map(\.sqlValue)
    }

    /// `WHERE a AND b …`, or nothing when no filter was given.
    package var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}
