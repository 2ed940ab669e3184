import Foundation
import LedgerSQL
import Testing

/// Prepared statements (``SQLStatement``) behave the same on SQLite and PostgreSQL: the ledger's hot
/// path binds, steps and reads by position through them, and every write function will run on
/// either engine through the same calls.
@Suite("SQLStatement contract: SQLite and PostgreSQL")
struct SQLStatementContractTests {
    typealias Contract = SQLSessionContractTests

    @Test(
        "a prepared statement binds every kind, steps through rows and reads by position and name",
        arguments: Contract.dialects)
    func bindStepRead(_ dialect: SQLDialect) async throws {
        let read = try await Contract.withSession(dialect) { session -> [String] in
            try Contract.createValues(session)
            let insert = try session.prepared("INSERT INTO v (k, i, s, b) VALUES (?, ?, ?, ?)")
            var changed: [Int32] = []
            for k in Int64(1)...3 {
                insert.bind(1, k)
                insert.bind(2, k == 2 ? nil : k * 1_000 as Int64?)
                insert.bind(3, k == 3 ? nil : "row \(k) · ’" as String?)
                insert.bindBlob(4, Array(repeating: UInt8(k), count: Int(k)))
                #expect(try insert.step() == false)
                changed.append(insert.changes)
                insert.reset()
            }
            #expect(changed == [1, 1, 1])
            let select = try session.prepared("SELECT k, i, s, b FROM v WHERE k >= ? ORDER BY k")
            select.bind(1, Int64(2))
            var lines: [String] = []
            while try select.step() {
                #expect(select.names == ["k", "i", "s", "b"])
                let line = [
                    "\(try select.int64(0))", "\(try select.optionalInt64(1).map(String.init) ?? "NULL")",
                    try select.optionalText("s") ?? "NULL", "\(try select.blob("b"))",
                ]
                lines.append(line.joined(separator: "|"))
            }
            select.reset()
            // The same statement again, with a new binding: the first run left nothing behind.
            select.bind(1, Int64(3))
            #expect(try select.step() == true)
            #expect(try select.int64(0) == 3)
            #expect(try select.step() == false)
            select.reset()
            return lines
        }
        #expect(read == ["2|NULL|row 2 · ’|[2, 2]", "3|3000|NULL|[3, 3, 3]"])
    }

    @Test("text bound from UTF-8 bytes and an empty blob round-trip", arguments: Contract.dialects)
    func bytes(_ dialect: SQLDialect) async throws {
        let read = try await Contract.withSession(dialect) { session -> [SQLRow] in
            try Contract.createValues(session)
            let insert = try session.prepared("INSERT INTO v (k, s, b) VALUES (?, ?, ?)")
            insert.bind(1, Int64(1))
            var text = "{\"amount\":10000,\"city\":\"Ambon ’\"}"
            text.withUTF8 { insert.bindText(2, UnsafeRawBufferPointer($0)) }
            insert.bindBlob(3, [])
            try insert.step()
            insert.reset()
            return try session.rows("SELECT s, b FROM v", [])
        }
        #expect(try read.first?.get("s") == "{\"amount\":10000,\"city\":\"Ambon ’\"}")
        #expect(try read.first?.get("b") == [] as [UInt8])
    }

    @Test("a NULL read as a value and a column not selected throw, naming the column", arguments: Contract.dialects)
    func loudColumns(_ dialect: SQLDialect) async throws {
        let messages = try await Contract.withSession(dialect) { session -> [String] in
            try Contract.createValues(session)
            try session.execute("INSERT INTO v (k) VALUES (?)", [Int64(1)])
            let select = try session.prepared("SELECT k, s FROM v")
            defer { select.reset() }
            #expect(try select.step())
            var messages: [String] = []
            do { _ = try select.text(1) } catch { messages.append("\(error)") }
            do { _ = try select.int64("nope") } catch { messages.append("\(error)") }
            return messages
        }
        #expect(messages.count == 2)
        #expect(messages.first?.contains("s") == true)
        #expect(messages.last?.contains("nope") == true)
    }

    @Test("a unique violation through a prepared statement is the same shared failure", arguments: Contract.dialects)
    func uniqueViolation(_ dialect: SQLDialect) async throws {
        let failure = try await Contract.withSession(dialect) { session -> String in
            try Contract.createValues(session)
            try session.execute("INSERT INTO v (k) VALUES (?)", [Int64(7)])
            let insert = try session.prepared("INSERT INTO v (k) VALUES (?)")
            insert.bind(1, Int64(7))
            do {
                try session.savepoint { try insert.step() }
                return "no failure"
            } catch let failure as SQLFailure {
                insert.reset()
                guard case .uniqueViolation(let table, let columns, _) = failure else { return "\(failure)" }
                return "\(table) \(columns)"
            }
        }
        #expect(failure == "v [\"k\"]")
    }
}
