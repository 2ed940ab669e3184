import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// `v9-shift` on an older database: the invoices it already holds get their short codes, devices
/// have no attendant, tickets no closure, and the old events still verify.
@Suite("v9-shift migrates an older database")
struct ShiftMigrationTests {
    @Test func existingInvoicesGetTheirShortCodes() async throws {
        let (path, store) = try await DeviceMigrationTests.openedV1Ledger()
        let expected = ReceiptShortCode(billNumber: try BillNumber("AMB1"))
        let stored = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT short_code FROM invoices WHERE id = 'inv_1'"])
        #expect(stored.output.trimmingCharacters(in: .whitespacesAndNewlines) == expected.text)
        #expect(try await store.invoice(shortCode: expected)?.id == Invoice.ID("inv_1"))
        #expect(try await store.device(id: Device.ID("JKR-1"))?.attendant == nil)
        let migrations = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT group_concat(identifier, ',') FROM grdb_migrations"])
        #expect(migrations.output.contains("v9-shift"))
    }
}
