import Foundation
import Ledger
import LedgerSQL
import LunasTestSupport
import Testing

@testable import LedgerPostgres

/// Queued writes share round trips on PostgreSQL (issue #18): consecutive plain inserts into
/// different tables go as one statement, which still reports each insert's changed rows and fails
/// as a whole with the failing part's error.
@Suite("PostgreSQL round trips: queued inserts combined")
struct PostgresRoundTripTests {
    @Test("only plain inserts of VALUES that read no table may share a round trip")
    func insertedTable() {
        let table = PostgresRoundTrip.insertedTable
        #expect(table("INSERT INTO invoices (id, n) VALUES (?, ?)") == "invoices")
        #expect(table("  insert into Events(seq) values (?)\nON CONFLICT (seq) DO NOTHING") == "events")
        #expect(table("INSERT INTO t (a) SELECT a FROM u WHERE b = ?") == nil)
        #expect(table("INSERT INTO t (a) VALUES ((SELECT max(a) FROM u))") == nil)
        #expect(table("INSERT INTO t (a, b) VALUES (?1, ?1)") == nil)
        #expect(table("INSERT INTO t (a) VALUES (?) -- trailing comment") == nil)
        #expect(table("INSERT INTO t (a) VALUES (?); DELETE FROM t") == nil)
        #expect(table("UPDATE t SET a = ? WHERE b = ?") == nil)
        #expect(table("DELETE FROM t WHERE a = ?") == nil)
    }

    /// A random plain insert (random case and spacing, with or without `ON CONFLICT`) into `table`.
    static func randomInsert(_ table: String, _ random: inout SeededGenerator) -> String {
        let space = ["  ", "\n", " ", "\n    "]
        let columns = (0..<Int.random(in: 1...6, using: &random)).map { "c\($0)" }
        let insert = Bool.random(using: &random) ? "INSERT INTO" : "insert into"
        var sql = "\(space.randomElement(using: &random)!)\(insert) \(table)\(Bool.random(using: &random) ? " " : "")"
        sql += "(\(columns.joined(separator: ", ")))\(space.randomElement(using: &random)!)VALUES ("
        sql += repeatElement("?", count: columns.count).joined(separator: ", ") + ")"
        if Bool.random(using: &random) {
            sql +=
                "\(space.randomElement(using: &random)!)ON CONFLICT (c0) DO UPDATE SET c0 = excluded.c0 + \(table).c0"
        }
        return sql
    }

    @Test(
        "property: every plain insert names its table; a read, a numbered placeholder, a comment or a second statement makes it go alone"
    )
    func insertedTableProperty() {
        var random = SeededGenerator(seed: 0x5EED_0018)
        for _ in 0..<2_000 {
            let table = "t_" + String(Int.random(in: 0...999, using: &random))
            let sql = Self.randomInsert(Bool.random(using: &random) ? table : table.uppercased(), &random)
            #expect(PostgresRoundTrip.insertedTable(sql) == table, "\(sql)")
            let spoilers = ["(SELECT 1)", "?1", "-- note", "/* note */", "; DELETE FROM x"]
            let spoiled = sql.replacingOccurrences(
                of: "VALUES (?", with: "VALUES (\(spoilers.randomElement(using: &random)!), ?")
            #expect(PostgresRoundTrip.insertedTable(spoiled) == nil, "\(spoiled)")
        }
    }

    @Test(
        "property: a plan keeps every write once, in order within each table, never two texts into one table in a trip, at most 16 parts"
    )
    func planProperty() {
        var random = SeededGenerator(seed: 0x5EED_0019)
        for _ in 0..<500 {
            let writes = (0..<Int.random(in: 0...60, using: &random)).map { index in
                let table = Int.random(in: 0...5, using: &random)
                let many = Int.random(in: 0...2, using: &random) > 0  // most texts have a many-rows form
                return table == 0
                    ? Self.write("UPDATE u SET k = ?", id: 100 + index)
                    : Self.write("INSERT INTO t\(table) (k) VALUES (?)", id: many ? table : 200 + index, many: many)
            }
            let trips = PostgresRoundTrip.plan(writes)
            #expect(trips.reduce(0) { $0 + $1.writes.count } == writes.count)
            // Writes may move ahead of other tables' in their trip, never of their own table's or of
            // anything in another trip.
            var seen = 0
            for trip in trips {
                let part = writes[seen..<seen + trip.writes.count]
                #expect(
                    Set(trip.writes.map(\.changes).map(ObjectIdentifier.init))
                        == Set(part.map(\.changes).map(ObjectIdentifier.init)))
                for table in Set(part.map(\.shape.insertsInto)) {
                    let planned = trip.writes.filter { $0.shape.insertsInto == table }.map {
                        ObjectIdentifier($0.changes)
                    }
                    #expect(
                        planned == part.filter { $0.shape.insertsInto == table }.map { ObjectIdentifier($0.changes) })
                }
                seen += trip.writes.count
                guard trip.parts.count > 1 || trip.writes.count > 1 else { continue }
                let tables = trip.parts.map(\.writes[0].shape.insertsInto)
                #expect(!tables.contains(nil) && Set(tables).count == tables.count && tables.count <= 16)
                for part in trip.parts {
                    #expect(Set(part.writes.map(\.shape.id)).count == 1, "one text per part")
                    #expect(part.writes.count == 1 || part.rows != nil, "several rows only with a many-rows form")
                }
            }
        }
    }

    /// A queued write of `sql` with one integer argument; `many`: its text has a many-rows form.
    static func write(
        _ sql: String, id: Int, many: Bool = false, argument: SQLValue = .integer(1)
    ) -> PostgresQueuedWrite {
        let table = PostgresRoundTrip.insertedTable(sql)
        var shape = PostgresSession.Shape(numbered: sql, count: 1, answersNoRows: true, insertsInto: table, id: id)
        if many, let (table, columns) = PostgresInsertRows.parse(sql) {
            shape.rows = PostgresInsertRows(table: table, columns: columns, types: ["k": "bigint"])
        }
        return PostgresQueuedWrite(sql: sql, arguments: [argument], shape: shape)
    }

    @Test(
        "rows of one text with a many-rows form join one part, of any table's place in the trip; a text without goes as before"
    )
    func planRows() {
        let writes = [
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true),
            Self.write("INSERT INTO b (k) VALUES (?)", id: 2, many: true),
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true),
            Self.write("INSERT INTO b (k) VALUES (?)", id: 2, many: true),
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true, argument: .text("1")),
            Self.write("UPDATE c SET k = ?", id: 3),
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true, argument: .null),
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true),
            Self.write("INSERT INTO a (k)  VALUES (?)", id: 4, many: true),
        ]
        let trips = PostgresRoundTrip.plan(writes).map { $0.parts.map { $0.writes.map(\.shape.id) } }
        // A text value in an integer column starts a part of its own (each array holds one class);
        // NULL joins any; another text into the same table ends the trip.
        #expect(trips == [[[1, 1], [2, 2]], [[1]], [[3]], [[1, 1]], [[4]]])
        let rows = PostgresRoundTrip.plan(Array(writes.prefix(4)))[0]
        #expect(
            rows.sql
                == "WITH w1 AS (INSERT INTO a (k) SELECT * FROM unnest(?::bigint[]) RETURNING 1),"
                + " w2 AS (INSERT INTO b (k) SELECT * FROM unnest(?::bigint[]) RETURNING 1)"
                + " SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2)")
        #expect(rows.argumentCount == 2)
        let many = (1...2_100).map { _ in Self.write("INSERT INTO a (k) VALUES (?)", id: 1, many: true) }
        #expect(PostgresRoundTrip.plan(many).map(\.writes.count) == [1_024, 1_024, 52])
    }

    @Test("a plain one-row insert of placeholders only has a many-rows form; anything else has none")
    func insertRowsParse() throws {
        let parse = { (sql: String) in
            PostgresInsertRows.parse(sql).map { "\($0.table): \($0.columns.joined(separator: ","))" }
        }
        #expect(parse("INSERT INTO invoices (id, n) VALUES (?, ?)") == "invoices: id,n")
        #expect(parse("  insert into Events(Seq,kind)\n  values(?,?)  ") == "events: seq,kind")
        #expect(parse("INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING") == nil)
        #expect(parse("INSERT INTO t (a, b) VALUES (?, 'x')") == nil)
        #expect(parse("INSERT INTO t (a, b) VALUES (?)") == nil)
        #expect(parse("INSERT INTO t (a) VALUES (?), (?)") == nil)
        #expect(parse("INSERT INTO t (\"a\") VALUES (?)") == nil)
        #expect(parse("INSERT INTO s.t (a) VALUES (?)") == nil)
        #expect(parse("INSERT INTO t (a,) VALUES (?, ?)") == nil)
        #expect(parse("UPDATE t SET a = ?") == nil)
        // Each array typed by its values, as one row's parameters are; a column NULL in every row by
        // the catalog.
        let rows = try #require(
            PostgresInsertRows(table: "t", columns: ["a", "b"], types: ["a": "integer", "b": "character varying(8)"]))
        #expect(rows.sql([.integer, .text]) == "INSERT INTO t (a, b) SELECT * FROM unnest(?::bigint[], ?::text[])")
        #expect(
            rows.sql([.blob, nil]) == "INSERT INTO t (a, b) SELECT * FROM unnest(?::bytea[], ?::character varying(8)[])"
        )
        #expect(rows.sql([.real, .text]).contains("?::double precision[]"))
        #expect(PostgresInsertRows(table: "t", columns: ["a", "c"], types: ["a": "bigint"]) == nil)
    }

    @Test(
        "property: a random plain insert has a many-rows form of its table and columns; one changed byte of its shape has none"
    )
    func insertRowsProperty() {
        var random = SeededGenerator(seed: 0x5EED_001A)
        for _ in 0..<2_000 {
            let table = "t_" + String(Int.random(in: 0...999, using: &random))
            var sql = Self.randomInsert(table, &random)
            if sql.contains("ON CONFLICT") {
                #expect(PostgresInsertRows.parse(sql) == nil, "\(sql)")
                continue
            }
            let parsed = PostgresInsertRows.parse(sql)
            #expect(parsed?.table == table, "\(sql)")
            #expect(parsed?.columns.count == sql.filter { $0 == "?" }.count, "\(sql)")
            let spoilers = ["?, ?", "(SELECT 1)", "?1", "'x'", "? -- c", "?); DELETE FROM x; (?"]
            sql = sql.replacingOccurrences(of: "VALUES (?", with: "VALUES (\(spoilers.randomElement(using: &random)!)")
            #expect(PostgresInsertRows.parse(sql) == nil, "\(sql)")
        }
    }

    @Test("a trip ends before a second insert into the same table, at any other write, and at its size")
    func plan() {
        let writes = [
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1), Self.write("INSERT INTO b (k) VALUES (?)", id: 2),
            Self.write("INSERT INTO a (k) VALUES (?)", id: 1), Self.write("UPDATE c SET k = ?", id: 3),
            Self.write("INSERT INTO d (k) VALUES (?)", id: 4),
        ]
        let trips = PostgresRoundTrip.plan(writes).map { $0.writes.map(\.shape.id) }
        #expect(trips == [[1, 2], [1], [3], [4]])
        let many = (1...40).map { Self.write("INSERT INTO t\($0) (k) VALUES (?)", id: $0) }
        #expect(PostgresRoundTrip.plan(many).map(\.writes.count) == [16, 16, 8])
        let combined = PostgresRoundTrip(Array(writes.prefix(2))).sql
        #expect(
            combined
                == "WITH w1 AS (INSERT INTO a (k) VALUES (?) RETURNING 1), w2 AS (INSERT INTO b (k) VALUES (?) RETURNING 1)"
                + " SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2)")
    }

    /// Runs `body` in a transaction on the scratch server with three tables, `row` inserted first.
    static func withTables<T: Sendable>(
        holding row: String, _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        try await SQLSessionContractTests.withSession(.postgres) { session in
            let session = try #require(session as? PostgresSession)
            try session.execute("CREATE TABLE parent (k BIGINT PRIMARY KEY)", [])
            try session.execute(
                "CREATE TABLE child (k BIGINT PRIMARY KEY, parent BIGINT NOT NULL REFERENCES parent(k))", [])
            try session.execute("CREATE TABLE tally (k BIGINT PRIMARY KEY, n BIGINT NOT NULL)", [])
            try session.execute(row, [])
            return try body(session)
        }
    }

    /// `sql` prepared, bound to `values` in order, and stepped (a write is then queued).
    @discardableResult
    static func stepped(_ session: PostgresSession, _ sql: String, _ values: Int64...) throws -> PostgresStatement {
        let statement = try session.prepared(sql)
        for (index, value) in values.enumerated() { statement.bind(Int32(index + 1), value) }
        try statement.step()
        return statement
    }

    @Test(
        "inserts into three tables go in one round trip, each with its own count of changed rows",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func combined() async throws {
        let (counts, trips, rows) = try await Self.withTables(holding: "INSERT INTO tally (k, n) VALUES (7, 1)") {
            session in
            // A plain insert's text asks the catalog for its table's columns, once per session.
            for sql in ["INSERT INTO child (k, parent) VALUES (?, ?)", "INSERT INTO parent (k) VALUES (?)"] {
                _ = try session.shape(sql)
            }
            let before = session.roundTrips
            // The child before its parent: foreign keys are checked at the statement's end.
            let child = try Self.stepped(session, "INSERT INTO child (k, parent) VALUES (?, ?)", 10, 1)
            let parent = try Self.stepped(session, "INSERT INTO parent (k) VALUES (?)", 1)
            let tally = try Self.stepped(
                session, "INSERT INTO tally (k, n) VALUES (?, 1) ON CONFLICT (k) DO NOTHING", 7)
            let counts = [child.changes, parent.changes, tally.changes]
            let trips = session.roundTrips - before
            let rows = try session.rows("SELECT (SELECT count(*) FROM child) + (SELECT count(*) FROM parent)", [])
            return (counts, trips, try rows[0].int64(0))
        }
        #expect(counts == [1, 1, 0])
        #expect(trips == 1)
        #expect(rows == 2)
    }

    @Test(
        "a failing part fails its trip with its own error and leaves nothing of the trip",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func failingPart() async throws {
        let (unique, foreign, left) = try await Self.withTables(holding: "INSERT INTO parent (k) VALUES (1)") {
            session in
            func attempt(_ writes: [(String, Int64)]) -> (any Error)? {
                do {
                    try session.savepoint {
                        for (sql, key) in writes { try Self.stepped(session, sql, key) }
                        try session.flush()
                    }
                    return nil
                } catch {
                    return error
                }
            }
            let unique = attempt([
                ("INSERT INTO tally (k, n) VALUES (?, 1)", 5), ("INSERT INTO parent (k) VALUES (?)", 1),
            ])
            let foreign = attempt([
                ("INSERT INTO tally (k, n) VALUES (?, 1)", 6), ("INSERT INTO child (k, parent) VALUES (?, 99)", 20),
            ])
            let left = try session.rows("SELECT count(*) FROM tally", [])[0].int64(0)
            return (unique.map { "\($0)" }, foreign.map { "\($0)" }, left)
        }
        let duplicate = try #require(unique)
        #expect(duplicate.contains("parent"), "\(duplicate)")
        let missing = try #require(foreign)
        #expect(missing.contains("23503"), "\(missing)")
        #expect(left == 0)
    }

    @Test(
        "a transaction that a failure nobody saw aborted is not reported as committed",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func swallowedFailure() async throws {
        do {
            _ = try await SQLSessionContractTests.withSession(.postgres) { session in
                try session.execute("CREATE TABLE once (k BIGINT PRIMARY KEY)", [])
                try session.execute("INSERT INTO once (k) VALUES (1)", [])
                // Fails, and the transaction with it; the caller looks away.
                _ = try? session.execute("INSERT INTO once (k) VALUES (1)", [])
                return 0
            }
            Issue.record("the transaction was reported as committed")
        } catch let error as LedgerError {
            #expect(error.message.contains("ROLLBACK, not COMMIT"), "\(error)")
        }
    }
}
