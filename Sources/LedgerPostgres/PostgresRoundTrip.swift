import Foundation
import LedgerSQL
import PostgresNIO

/// A write queued on a ``PostgresSession`` (``PostgresSession/send(_:_:)``): its SQL in the
/// ledger's `?` form, its arguments, its shape (whether it is a plain insert that may share a round
/// trip), and where its count of changed rows arrives.
struct PostgresQueuedWrite {
    /// A queued write's count of changed rows, once its round trip was answered.
    final class Changes {
        var count: Int?
    }

    var sql: String
    var arguments: [SQLValue]
    var shape: PostgresSession.Shape
    let changes = Changes()
}

/// Queued writes sent as one statement (issue #18): consecutive plain inserts into different tables
/// become one statement of data-modifying `WITH` parts, each with `RETURNING 1`, whose one row
/// counts each part's rows:
///
///     WITH w1 AS (INSERT INTO invoices … RETURNING 1), w2 AS (INSERT INTO events … RETURNING 1)
///     SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2)
///
/// PostgreSQL runs every part on one snapshot, so a part must not need another's effect: only
/// inserts of `VALUES` that read no table (``insertedTable(_:)``) join, never two into one table
/// (an upsert would not see the other's row); constraints, foreign keys included, are checked at the
/// statement's end, after every part. Anything else goes alone. Parts fail together: a failure
/// fails the transaction either way.
struct PostgresRoundTrip {
    /// The most inserts one statement carries, and the most arguments (PostgreSQL takes 65,535).
    static let largestTrip = 16
    static let mostArguments = 30_000

    let writes: [PostgresQueuedWrite]

    init(_ writes: [PostgresQueuedWrite]) {
        self.writes = writes
    }

    /// `writes` in order, cut into round trips.
    static func plan(_ writes: [PostgresQueuedWrite]) -> [PostgresRoundTrip] {
        var trips: [PostgresRoundTrip] = []
        var current: [PostgresQueuedWrite] = []
        var tables: Set<String> = []
        var arguments = 0
        func close() {
            if !current.isEmpty { trips.append(PostgresRoundTrip(current)) }
            current.removeAll()
            tables.removeAll()
            arguments = 0
        }
        for write in writes {
            guard let table = write.shape.insertsInto else {
                close()
                trips.append(PostgresRoundTrip([write]))
                continue
            }
            if tables.contains(table) || current.count == largestTrip
                || arguments + write.arguments.count > mostArguments
            {
                close()
            }
            current.append(write)
            tables.insert(table)
            arguments += write.arguments.count
        }
        close()
        return trips
    }

    /// The statement's text, in the ledger's `?` form (combined: built once per combination of texts,
    /// ``PostgresSession/shape(of:)``).
    var sql: String {
        guard writes.count > 1 else { return writes[0].sql }
        var parts: [String] = []
        var counts: [String] = []
        for (index, write) in writes.enumerated() {
            let trimmed = write.sql.trimmingCharacters(in: .whitespacesAndNewlines)
            parts.append("w\(index + 1) AS (\(trimmed) RETURNING 1)")
            counts.append("(SELECT count(*) FROM w\(index + 1))")
        }
        return "WITH " + parts.joined(separator: ", ") + " SELECT " + counts.joined(separator: ", ")
    }

    /// Every write's arguments, in order.
    var arguments: [SQLValue] {
        writes.count > 1 ? writes.flatMap(\.arguments) : writes[0].arguments
    }

    /// Gives each write its count of changed rows from the statement's answer.
    func deliver(_ answer: PostgresQueryResult) throws {
        guard writes.count > 1 else {
            writes[0].changes.count = answer.metadata.rows ?? 0
            return
        }
        guard let row = answer.rows.first else {
            throw SQLFailure.engine(code: "answer", message: "a combined write answered no row")
        }
        for (write, cell) in zip(writes, row) {
            guard case .integer(let count) = try PostgresSession.value(cell) else {
                throw SQLFailure.engine(code: "answer", message: "a combined write's count is not an integer")
            }
            write.changes.count = Int(count)
        }
    }

    /// The table `sql` inserts into when it is `INSERT INTO table (…) VALUES (…)` (with or without
    /// `ON CONFLICT`), reading no table and numbering no placeholder (`?NNN` counts from the
    /// statement's start); nil otherwise.
    static func insertedTable(_ sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" })
        guard words.count > 3, words[0].uppercased() == "INSERT", words[1].uppercased() == "INTO" else {
            return nil
        }
        let upper = sql.uppercased()
        // A comment or a second statement would swallow or split the `RETURNING 1` appended.
        guard words.contains(where: { $0.uppercased() == "VALUES" }), !upper.contains("SELECT"),
            !sql.contains("--"), !sql.contains("/*"), !sql.contains(";")
        else { return nil }
        let bytes = Array(sql.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "?") {
            if index + 1 < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1]) {
                return nil
            }
        }
        return words[2].lowercased()
    }
}
