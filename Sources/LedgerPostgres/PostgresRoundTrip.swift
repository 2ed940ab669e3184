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

/// Queued writes sent as one statement (issue #18). Consecutive plain inserts go together: the
/// rows of one plain one-row insert text as one many-rows insert (``PostgresInsertRows``: each
/// column one array), and inserts into different tables as data-modifying `WITH` parts, each with
/// `RETURNING 1`, whose one row counts each part's rows:
///
///     WITH w1 AS (INSERT INTO invoices … SELECT * FROM unnest(…) RETURNING 1),
///          w2 AS (INSERT INTO events … SELECT * FROM unnest(…) RETURNING 1)
///     SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2)
///
/// PostgreSQL runs every part on one snapshot, so a part must not need another's effect: only
/// inserts of `VALUES` that read no table (``insertedTable(_:)``) join, never two texts into one
/// table (an upsert would not see the other's row); constraints, foreign keys included, are checked
/// at the statement's end, after every part, so rows of different tables may go in any order.
/// Anything else goes alone. Parts fail together: a failure fails the transaction either way.
struct PostgresRoundTrip {
    /// The most parts one statement carries, the most arguments (PostgreSQL takes 65,535), and the
    /// most rows one many-rows insert carries.
    static let largestTrip = 16
    static let mostArguments = 30_000
    static let largestInsert = 1_024

    /// One statement of a trip: one write, or the rows of several writes of one plain insert text.
    struct Part {
        private(set) var writes: [PostgresQueuedWrite]
        /// The class of each column's values so far (each array holds one).
        private var classes: [PostgresArray.Element?]

        init(_ write: PostgresQueuedWrite) {
            writes = [write]
            classes = write.arguments.map(PostgresArray.Element.init)
        }

        /// The many-rows insert the part is sent as (nil: its one write as it is).
        var rows: PostgresInsertRows? { writes.count > 1 ? writes[0].shape.rows : nil }
        var sql: String { rows?.sql(classes) ?? writes[0].sql }
        /// Its parameters: one per column of a many-rows insert.
        var argumentCount: Int { writes[0].arguments.count }

        /// Adds `write` as one more row when it is the same plain insert text with values of the
        /// same classes; false (nothing changed) otherwise.
        mutating func take(_ write: PostgresQueuedWrite) -> Bool {
            guard write.shape.rows != nil, write.shape.id != 0, write.shape.id == writes[0].shape.id,
                writes.count < PostgresRoundTrip.largestInsert, write.arguments.count == classes.count
            else { return false }
            var joined = classes
            for (column, value) in write.arguments.enumerated() {
                guard let element = PostgresArray.Element(value) else { continue }
                if let known = joined[column], known != element { return false }
                joined[column] = element
            }
            classes = joined
            writes.append(write)
            return true
        }

        /// Appends the part's parameters.
        func bind(_ binds: inout PostgresBindings) {
            guard writes.count > 1 else {
                for argument in writes[0].arguments { binds.append(argument) }
                return
            }
            for column in 0..<argumentCount {
                binds.append(
                    PostgresArray(element: classes[column] ?? .text, values: writes.map { $0.arguments[column] }))
            }
        }

        /// Gives each write its count of changed rows from the part's count.
        func deliver(_ count: Int) throws {
            guard writes.count > 1 else {
                writes[0].changes.count = count
                return
            }
            guard count == writes.count else {
                throw SQLFailure.engine(
                    code: "answer", message: "a many-rows insert of \(writes.count) rows inserted \(count)")
            }
            for write in writes { write.changes.count = 1 }
        }
    }

    let parts: [Part]

    /// `writes`, each a part of its own.
    init(_ writes: [PostgresQueuedWrite]) {
        parts = writes.map(Part.init)
    }

    init(parts: [Part]) {
        self.parts = parts
    }

    /// Every write of the trip.
    var writes: [PostgresQueuedWrite] { parts.flatMap(\.writes) }

    /// `writes` in order, cut into round trips.
    static func plan(_ writes: [PostgresQueuedWrite]) -> [PostgresRoundTrip] {
        var trips: [PostgresRoundTrip] = []
        var parts: [Part] = []
        var partOfTable: [String: Int] = [:]
        var arguments = 0
        func close() {
            if !parts.isEmpty { trips.append(PostgresRoundTrip(parts: parts)) }
            parts.removeAll()
            partOfTable.removeAll()
            arguments = 0
        }
        for write in writes {
            guard let table = write.shape.insertsInto else {
                close()
                trips.append(PostgresRoundTrip([write]))
                continue
            }
            if let index = partOfTable[table] {
                if parts[index].take(write) { continue }
                close()
            } else if parts.count == largestTrip || arguments + write.arguments.count > mostArguments {
                close()
            }
            partOfTable[table] = parts.count
            parts.append(Part(write))
            arguments += write.arguments.count
        }
        close()
        return trips
    }

    /// The statement's text, in the ledger's `?` form (its numbered form is worked out once per
    /// text, ``PostgresSession/shape(of:)``).
    var sql: String {
        guard parts.count > 1 else { return parts[0].sql }
        var withs: [String] = []
        var counts: [String] = []
        for (index, part) in parts.enumerated() {
            let trimmed = part.sql.trimmingCharacters(in: .whitespacesAndNewlines)
            withs.append("w\(index + 1) AS (\(trimmed) RETURNING 1)")
            counts.append("(SELECT count(*) FROM w\(index + 1))")
        }
        return "WITH " + withs.joined(separator: ", ") + " SELECT " + counts.joined(separator: ", ")
    }

    /// The statement's parameters in order, and how many.
    var bindings: PostgresBindings {
        var binds = PostgresBindings(capacity: argumentCount)
        for part in parts { part.bind(&binds) }
        return binds
    }

    var argumentCount: Int { parts.reduce(0) { $0 + $1.argumentCount } }

    /// Gives each write its count of changed rows from the statement's answer.
    func deliver(_ answer: PostgresQueryResult) throws {
        guard parts.count > 1 else {
            try parts[0].deliver(answer.metadata.rows ?? 0)
            return
        }
        guard let row = answer.rows.first else {
            throw SQLFailure.engine(code: "answer", message: "a combined write answered no row")
        }
        for (part, cell) in zip(parts, row) {
            guard case .integer(let count) = try PostgresSession.value(cell) else {
                throw SQLFailure.engine(code: "answer", message: "a combined write's count is not an integer")
            }
            try part.deliver(Int(count))
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
