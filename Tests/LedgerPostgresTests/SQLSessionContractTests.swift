import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import LedgerSQLite
import Logging
import LunasTestSupport
import Testing

/// The store-neutral SQL session (issue #18) behaves the same on SQLite and on a real PostgreSQL 15:
/// values of every storage class, changed-row counts, savepoints, transactions, placeholders inside
/// literals, unique violations in shared terms, and loud column errors. The ledger's write functions
/// will run on either through it, so any difference here would be a difference in the ledger.
@Suite("SQLSession contract: SQLite and PostgreSQL")
struct SQLSessionContractTests {
    static let logger: Logger = {
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .error
        return logger
    }()

    /// The engines the contract runs on: PostgreSQL only when the test server is there (or required).
    static let dialects: [SQLDialect] = PostgresTestServer.enabled ? [.sqlite, .postgres] : [.sqlite]

    /// Runs `body` in one transaction of a fresh database of `dialect`, on a thread of its own (the
    /// sessions block; Swift's cooperative threads must not).
    static func withSession<T: Sendable>(
        _ dialect: SQLDialect, _ body: @escaping @Sendable (any SQLSession) throws -> T
    ) async throws -> T {
        switch dialect {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlsession-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("t.sqlite").path
            return try await onOwnThread { try SQLiteSession.transaction(databaseAt: path) { try body($0) } }
        case .postgres:
            return try await PostgresTestServer.withScratchDatabase { server, password in
                try await onOwnThread {
                    let session = try PostgresSession.open(server, password: password, logger: logger)
                    defer { session.close() }
                    return try session.transaction { try body($0) }
                }
            }
        }
    }

    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// The DDL of a table with one column per storage class (the two engines spell blob and real apart).
    static func createValues(_ session: any SQLSession) throws {
        let blob = session.dialect == .sqlite ? "BLOB" : "BYTEA"
        let real = session.dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        try session.execute(
            "CREATE TABLE v (k BIGINT PRIMARY KEY, i BIGINT, r \(real), s TEXT, b \(blob), f BIGINT)", [])
    }

    @Test("every storage class and NULL round-trip unchanged", arguments: dialects)
    func roundTrip(_ dialect: SQLDialect) async throws {
        let read = try await Self.withSession(dialect) { session in
            try Self.createValues(session)
            let values: [any SQLValueConvertible] = [
                1, Int64.max, 2.5, "Rp 10.000 · ’", [0, 255, 7] as [UInt8], true,
                2, Int64.min, -0.125, "", [] as [UInt8], false,
            ]
            let inserted = try session.execute(
                "INSERT INTO v (k, i, r, s, b, f) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)", values.map(\.sqlValue)
            )
            #expect(inserted == 2)
            try session.execute("INSERT INTO v (k) VALUES (?)", [3.sqlValue])
            return try session.rows("SELECT k, i, r, s, b, f FROM v ORDER BY k", [])
        }
        #expect(read.count == 3)
        #expect(try read[0].get("i") == Int64.max && read[0].get("r") == 2.5)
        #expect(try read[0].get("s") == "Rp 10.000 · ’" && read[0].get("b") == [0, 255, 7] as [UInt8])
        #expect(try read[0].get("f") == true && read[1].get("f") == false)
        #expect(try read[1].get("i") == Int64.min && read[1].get("r") == -0.125 && read[1].get("s") == "")
        #expect(try read[2].get("i", as: Int64?.self) == nil && read[2].get("s", as: String?.self) == nil)
        #expect(read[2].values.dropFirst() == [.null, .null, .null, .null, .null])
    }

    @Test("execute answers the rows changed; SUM and COUNT over integers read as integers", arguments: dialects)
    func counts(_ dialect: SQLDialect) async throws {
        let (changed, sum, count) = try await Self.withSession(dialect) { session in
            try Self.createValues(session)
            for k in 1...5 {
                try session.execute("INSERT INTO v (k, i) VALUES (?, ?)", [k.sqlValue, (k * 1_000).sqlValue])
            }
            let changed = try session.execute("UPDATE v SET s = ? WHERE i >= ?", ["x".sqlValue, 3_000.sqlValue])
            let sum: Int64? = try session.value("SELECT SUM(i) FROM v", [])
            let count: Int64? = try session.value("SELECT COUNT(*) FROM v WHERE s = ?", ["x".sqlValue])
            return (changed, sum, count)
        }
        #expect(changed == 3 && sum == 15_000 && count == 3)
    }

    @Test("a savepoint that throws undoes only its own writes; the transaction goes on", arguments: dialects)
    func savepoints(_ dialect: SQLDialect) async throws {
        struct Refused: Error {}
        let keys = try await Self.withSession(dialect) { session in
            try Self.createValues(session)
            try session.execute("INSERT INTO v (k) VALUES (1)", [])
            #expect(throws: Refused.self) {
                try session.savepoint {
                    try session.execute("INSERT INTO v (k) VALUES (2)", [])
                    try session.savepoint { try session.execute("INSERT INTO v (k) VALUES (3)", []) }
                    throw Refused()
                }
            }
            try session.savepoint { try session.execute("INSERT INTO v (k) VALUES (4)", []) }
            // A failed statement inside a savepoint leaves the transaction usable on both engines.
            #expect(throws: SQLFailure.self) {
                try session.savepoint { try session.execute("INSERT INTO v (k) VALUES (1)", []) }
            }
            try session.execute("INSERT INTO v (k) VALUES (5)", [])
            return try session.rows("SELECT k FROM v ORDER BY k", []).map { try $0.get(0, as: Int64.self) }
        }
        #expect(keys == [1, 4, 5])
    }

    @Test("a question mark inside a literal or a comment is text, not a placeholder", arguments: dialects)
    func placeholdersInLiterals(_ dialect: SQLDialect) async throws {
        let text: String? = try await Self.withSession(dialect) { session in
            try session.value(
                "SELECT '?' || 'it''s ?' || ? /* a ? here */ || \"v\".\"s\" FROM (SELECT ? AS \"s\") AS \"v\" -- ?",
                ["[x]".sqlValue, "!".sqlValue])
        }
        #expect(text == "?it's ?[x]!")
    }

    @Test("unique violations come back as the same SQLFailure and map to the ledger's codes", arguments: dialects)
    func uniqueViolations(_ dialect: SQLDialect) async throws {
        let failures = try await Self.withSession(dialect) { session in
            try session.execute("CREATE TABLE invoices (id TEXT PRIMARY KEY, bill_number TEXT NOT NULL UNIQUE)", [])
            try session.execute("CREATE TABLE payments (bill_number TEXT, rrn TEXT, UNIQUE (bill_number, rrn))", [])
            try session.execute("INSERT INTO invoices VALUES ('a', 'B1')", [])
            try session.execute("INSERT INTO payments VALUES ('B1', 'R1')", [])
            var failures: [SQLFailure] = []
            for (sql, arguments) in [
                ("INSERT INTO invoices VALUES (?, ?)", ["b", "B1"]),
                ("INSERT INTO invoices VALUES (?, ?)", ["a", "B2"]),
                ("INSERT INTO payments VALUES (?, ?)", ["B1", "R1"]),
            ] {
                do {
                    try session.savepoint { try session.execute(sql, arguments.map(\.sqlValue)) }
                } catch let failure as SQLFailure {
                    failures.append(failure)
                }
            }
            return failures
        }
        let shapes = failures.map { failure -> String in
            guard case .uniqueViolation(let table, let columns, _) = failure else { return "\(failure)" }
            return "\(table).\(columns.joined(separator: ","))"
        }
        #expect(shapes == ["invoices.bill_number", "invoices.id", "payments.bill_number,rrn"])
        #expect(failures.map(\.ledgerError.code) == [.duplicateBillNumber, .storageFailure, .duplicateRRN])
    }

    @Test("reading a column as the wrong type or a column not selected throws, naming it", arguments: dialects)
    func columnErrors(_ dialect: SQLDialect) async throws {
        let row = try await Self.withSession(dialect) { session in
            try session.row("SELECT 'x' AS name, NULL AS empty", [])
        }
        let row1 = try #require(row)
        #expect(throws: SQLFailure.column("name", "holds TEXT, not Int64")) { try row1.get("name", as: Int64.self) }
        #expect(throws: SQLFailure.self) { try row1.get("empty", as: String.self) }
        #expect(throws: SQLFailure.self) { try row1.get("missing", as: String.self) }
        #expect(try row1.get("NAME", as: String.self) == "x")
    }

    @Test("a transaction that throws leaves nothing behind", arguments: dialects)
    func rollback(_ dialect: SQLDialect) async throws {
        struct Refused: Error {}
        // One file or database, two transactions: the first creates, the second throws after writing.
        switch dialect {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlsession-\(UUID()).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let count: Int64? = try await Self.onOwnThread {
                try SQLiteSession.transaction(databaseAt: path) { try Self.createValues($0) }
                #expect(throws: Refused.self) {
                    try SQLiteSession.transaction(databaseAt: path) { session in
                        try session.execute("INSERT INTO v (k) VALUES (1)", [])
                        throw Refused()
                    }
                }
                return try SQLiteSession.transaction(databaseAt: path) { try $0.value("SELECT COUNT(*) FROM v", []) }
            }
            #expect(count == 0)
        case .postgres:
            let count: Int64? = try await PostgresTestServer.withScratchDatabase { server, password in
                try await Self.onOwnThread {
                    let session = try PostgresSession.open(server, password: password, logger: Self.logger)
                    defer { session.close() }
                    try session.transaction { try Self.createValues($0) }
                    #expect(throws: Refused.self) {
                        try session.transaction { session in
                            try session.execute("INSERT INTO v (k) VALUES (1)", [])
                            throw Refused()
                        }
                    }
                    return try session.transaction { try $0.value("SELECT COUNT(*) FROM v", []) }
                }
            }
            #expect(count == 0)
        }
    }
}
