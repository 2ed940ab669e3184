import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// `v10-offline` on an older database: devices keep no code until they register a key, invoices and
/// tickets are `online`, `payment_exceptions` is rebuilt to take `pending_offline` with its rows and
/// indexes kept, and the old events still verify.
@Suite("v10-offline migrates an older database")
struct OfflineMigrationTests {
    @Test func olderLedgerMigrates() async throws {
        let (path, store) = try await DeviceMigrationTests.openedV1Ledger()
        let old = try #require(try await store.device(id: Device.ID("JKR-1")))
        #expect(old.code == nil && old.publicKey == nil)
        let key = DeviceSigningKey.generate()
        let registered = try await store.registerDeviceKey(
            old.id, publicKey: key.publicKey, actor: .device(old.id), at: Date())
        #expect(registered.code != nil)
        let source = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT group_concat(source, ',') FROM invoices"])
        #expect(source.output.trimmingCharacters(in: .whitespacesAndNewlines) == "online")
        let indexes = try await ExternalTools.run(
            try ExternalTools.sqlite3(),
            [
                path,
                "SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payment_exceptions'",
            ])
        #expect(indexes.output.contains("payment_exceptions_by_paid"))
        let held = try await store.recordPaymentException(
            PaymentExceptionDraft(
                fitting: "AMBX\(registered.code!.rawValue)1Z", rrn: "R1", issuer: "OVO", amount: Rupiah(2000),
                paidAt: Date(), recordedAt: Date(), source: .acquirerNotification, reason: .pendingOffline,
                detail: "held"))
        #expect(held.isNew)
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
        let migrations = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT group_concat(identifier, ',') FROM grdb_migrations"])
        #expect(migrations.output.contains("v10-offline"))
    }
}
