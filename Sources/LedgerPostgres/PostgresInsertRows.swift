import Foundation
import LedgerSQL

/// A plain one-row insert, `INSERT INTO table (a, b) VALUES (?, ?)`, whose queued rows are sent
/// many at once as one statement (issue #18):
///
///     INSERT INTO table (a, b) SELECT * FROM unnest(?::text[], ?::bigint[])
///
/// with each column bound as one array (``PostgresArray``): one text for any count of rows, so
/// PostgreSQL parses and plans it once per batch instead of once per row, which on this machine
/// was most of what a batch of invoices cost it (docs/postgres.md, "Speed"). Only the exact form
/// qualifies — every value a placeholder, no `ON CONFLICT` (each row then inserts exactly one row or
/// fails the statement), unquoted names.
///
/// Each array is typed by its values (`text`, `bigint`, `double precision`, `bytea`), as a one-row
/// insert's parameters are, so the insert converts them to the columns' types as it would one row —
/// refusing what one row would refuse (a text for a `bigint` column, a text too long for a
/// `varchar(n)`), where an explicit cast to the column's type would convert or cut it. Only a column
/// NULL in every row takes its type from the catalog (`format_type`).
struct PostgresInsertRows {
    let table: String
    let columns: [String]
    /// Each column's type in the catalog, for a column NULL in every row.
    let types: [String]

    /// `table`'s insert of `columns` whose types are `types` (by column name); nil when one is
    /// missing.
    init?(table: String, columns: [String], types: [String: String]) {
        var known: [String] = []
        for column in columns {
            guard let type = types[column] else { return nil }
            known.append(type)
        }
        self.table = table
        self.columns = columns
        self.types = known
    }

    /// The many-rows statement, in the ledger's `?` form, for columns whose values are of
    /// `classes` (nil: NULL in every row).
    func sql(_ classes: [PostgresArray.Element?]) -> String {
        let arrays = zip(classes, types).map { element, type in "?::\(element?.sqlType ?? type)[]" }
        return
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT * FROM unnest(\(arrays.joined(separator: ", ")))"
    }

    /// The table and columns of `sql` when it is exactly `INSERT INTO table (columns) VALUES (?, …)`
    /// with one placeholder per column (any case and spacing); nil otherwise.
    static func parse(_ sql: String) -> (table: String, columns: [String])? {
        let text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        let prefix = "INSERT INTO "
        guard text.uppercased().hasPrefix(prefix), let open = text.firstIndex(of: "("),
            let close = text[open...].firstIndex(of: ")")
        else { return nil }
        let table = text[text.index(text.startIndex, offsetBy: prefix.count)..<open]
            .trimmingCharacters(in: .whitespaces).lowercased()
        let columns = text[text.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        guard isName(table), columns.allSatisfy(isName) else { return nil }
        let values = text[text.index(after: close)...].filter { !$0.isWhitespace }.uppercased()
        let placeholders = repeatElement("?", count: columns.count).joined(separator: ",")
        guard values == "VALUES(\(placeholders))" else { return nil }
        return (table, columns)
    }

    /// A plain lower-case SQL name: a letter or `_`, then letters, digits and `_`.
    private static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The query that answers a table's column names and types (`format_type`), by its name as the
    /// session's search path finds it (no rows for a table that does not exist).
    static let columnTypesSQL = """
        SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute
        WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped
        """
}
