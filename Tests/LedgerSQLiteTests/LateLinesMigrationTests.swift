import Foundation
import Ledger
import Testing

@testable import LedgerSQLite

/// `v15-late-lines` on a ledger written before it: an invoice of a closed day refunded by its
/// status after the close had no late line; the migration books it from the chain (with what was
/// given back before it), and `ledger verify` names one that is missing.
@Suite("v15-late-lines: backfill and verification")
struct LateLinesMigrationTests {
    /// A ledger file with the other-paths contract's days in it, and its late rows as the store wrote them.
    static func ledger() async throws -> (path: String, rows: String) {
        let path = try TestLedger.temporaryDirectory().appendingPathComponent("lunas.sqlite").path
        try await LedgerStoreContract.lateLinesOfOtherPaths(try await SQLiteLedgerStore.open(path: path))
        return (path, try await LateEventMigrationTests.sql(path, "SELECT * FROM late_events ORDER BY event_seq"))
    }

    static let refundsByStatus = "DELETE FROM late_events WHERE kind = 'refund' AND payment_id IS NULL"

    @Test("a ledger from before v15 gets the late refunds of invoices refunded by their status, and verifies")
    func backfill() async throws {
        let (path, rows) = try await Self.ledger()
        #expect(rows.split(separator: "\n").count == 4, "\(rows)")
        _ = try await LateEventMigrationTests.sql(
            path, "\(Self.refundsByStatus); DELETE FROM grdb_migrations WHERE identifier = 'v15-late-lines';")
        #expect(try await LateEventMigrationTests.sql(path, "SELECT COUNT(*) FROM late_events") == "2\n")
        let reopened = try await SQLiteLedgerStore.open(path: path)
        #expect(try await LateEventMigrationTests.sql(path, "SELECT * FROM late_events ORDER BY event_seq") == rows)
        let report = try await reopened.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("ledger verify names a missing late refund of an invoice refunded by its status")
    func verifyCatchesAMissingLine() async throws {
        let (path, _) = try await Self.ledger()
        _ = try await LateEventMigrationTests.sql(path, Self.refundsByStatus)
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.message.contains("is missing") }, "\(report.problems.map(\.message))")
    }
}
