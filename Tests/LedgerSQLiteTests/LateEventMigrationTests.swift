import Foundation
import Ledger
import Testing

@testable import LedgerSQLite

/// `v12-late-events` on a ledger that had late facts before it (their rows are booked from the
/// chain as recording them would have), and `ledger verify` against edited late rows and edited
/// copies of a closed day's bounds.
@Suite("v12-late-events: backfill and verification")
struct LateEventMigrationTests {
    /// A ledger file with the late-event contract's days in it, and its late rows as the store wrote them.
    static func ledger() async throws -> (path: String, rows: String) {
        let path = try TestLedger.temporaryDirectory().appendingPathComponent("lunas.sqlite").path
        try await LedgerStoreContract.lateEvents(try await SQLiteLedgerStore.open(path: path))
        return (path, try await sql(path, "SELECT * FROM late_events ORDER BY event_seq"))
    }

    static func sql(_ path: String, _ statement: String) async throws -> String {
        let result = try await ExternalTools.run(try ExternalTools.sqlite3(), [path, statement])
        #expect(result.status == 0, "\(result.error)")
        return result.output
    }

    @Test("a ledger from before v12 gets the late rows its chain implies, and verifies")
    func backfill() async throws {
        let (path, rows) = try await Self.ledger()
        #expect(rows.split(separator: "\n").count == 5, "\(rows)")
        // Back to the schema before v12: no late rows, no bounds on closed days, v12 not applied.
        _ = try await Self.sql(
            path,
            """
            DROP TABLE late_events; DROP INDEX closed_days_by_from;
            ALTER TABLE closed_days DROP COLUMN from_ms; ALTER TABLE closed_days DROP COLUMN to_ms;
            ALTER TABLE closed_days DROP COLUMN closed_seq;
            DELETE FROM grdb_migrations WHERE identifier = 'v12-late-events';
            """)
        let reopened = try await SQLiteLedgerStore.open(path: path)
        #expect(try await Self.sql(path, "SELECT * FROM late_events ORDER BY event_seq") == rows)
        let report = try await reopened.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("ledger verify names an edited, an added or a removed late row, and edited bounds of a closed day")
    func verifyCatchesEdits() async throws {
        let (path, _) = try await Self.ledger()
        let edits: [(sql: String, mentions: String)] = [
            ("UPDATE late_events SET amount = amount + 1 WHERE kind = 'payment'", "disagrees with the events"),
            ("UPDATE late_events SET booked_date = '2026-12-31' WHERE kind = 'settlement'", "booked"),
            ("DELETE FROM late_events WHERE kind = 'settlement'", "is missing"),
            (
                "INSERT INTO late_events SELECT 1, kind, closed_date, booked_date, invoice_id, payment_id, revenue_line, "
                    + "extra, amount, mdr, net, recorded_ms FROM late_events LIMIT 1", "not backed by any event"
            ),
            ("UPDATE closed_days SET to_ms = to_ms + 1", "differ from the statement"),
        ]
        for edit in edits {
            let copy = path + "-\(UUID().uuidString).sqlite"
            _ = try await Self.sql(path, "VACUUM INTO '\(copy)'")
            _ = try await Self.sql(copy, edit.sql)
            let report = try await SQLiteLedgerStore.open(path: copy).verify()
            #expect(!report.isIntact, "\(edit.sql)")
            #expect(
                report.problems.contains { $0.message.contains(edit.mentions) },
                "\(edit.sql): \(report.problems.map(\.message))")
        }
    }
}
