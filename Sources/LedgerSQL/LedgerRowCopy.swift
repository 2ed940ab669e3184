import Foundation
import Ledger

/// Copies a ledger's rows — every table but the event log, which the copy carries event by event
/// and checks against its hash chain — from one engine to another (`lunas ledger copy`, issue #18).
///
/// The rows are copied as they are, column by column, and are then proven against the copied events
/// by `lunas ledger verify` on the target (its row comparison replays every event), which the copy
/// runs at the end. Both schemas hold the same columns under the same names; a column the source
/// lacks stops the copy naming it.
package enum LedgerRowCopy {
    /// A table and the columns to copy, in the target's order.
    package struct Table: Sendable {
        package var name: String
        package var columns: [String]

        package init(name: String, columns: [String]) {
            self.name = name
            self.columns = columns
        }
    }

    /// Rows per `INSERT` statement.
    static let batch = 200

    /// Copies every row of `tables` (in that order: a table's foreign keys name earlier ones) from
    /// `source` to `target`, in the caller's transactions.
    /// - Returns: the rows copied per table.
    /// - Throws: the engines' failures; a column missing in the source as `storage.failure`.
    package static func copy(
        _ tables: [Table], from source: some SQLSession, to target: some SQLSession
    ) throws -> [(table: String, rows: Int)] {
        var counts: [(table: String, rows: Int)] = []
        for table in tables {
            let list = table.columns.joined(separator: ", ")
            var pending: [SQLValue] = []
            var copied = 0
            func flush() throws {
                guard !pending.isEmpty else { return }
                let rows = pending.count / table.columns.count
                let tuple = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
                let values = Array(repeating: tuple, count: rows).joined(separator: ", ")
                try target.execute("INSERT INTO \(table.name) (\(list)) VALUES \(values)", pending)
                copied += rows
                pending.removeAll(keepingCapacity: true)
            }
            do {
                try source.each("SELECT \(list) FROM \(table.name)") { row in
                    for index in table.columns.indices { pending.append(try row.value(Int32(index))) }
                    if pending.count >= batch * table.columns.count { try flush() }
                }
            } catch let failure as SQLFailure {
                throw LedgerError(
                    .storageFailure, "cannot copy the rows of \(table.name) (columns \(list)): \(failure)", cause: failure)
            }
            try flush()
            counts.append((table.name, copied))
        }
        return counts
    }
}
