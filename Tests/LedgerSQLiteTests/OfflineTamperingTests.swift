import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// `verify` catches offline rows edited behind the ledger's back: an online invoice marked offline,
/// an offline one marked online, a recording altered.
@Suite("Offline rows edited behind the ledger's back")
struct OfflineTamperingTests {
    static func tampered(_ sql: String) async throws -> [String] {
        let store = try await TestLedger.sqlite()
        let device = try await OfflineStoreTests.setUp(store)
        let at = TestLedger.morning.addingTimeInterval(600)
        _ = try await store.recordOffline(try OfflineStoreTests.issue(device, sequence: 1, key: "t1", at: at))
        _ = try await store.issueInvoice(TestLedger.feeDraft(device: device.id.rawValue, at: at.addingTimeInterval(60)))
        #expect(try await store.verify().isIntact)
        let edited = try await ExternalTools.run(try ExternalTools.sqlite3(), [store.path, sql])
        #expect(edited.status == 0, "\(edited.error)")
        let reopened = try await SQLiteLedgerStore.open(path: store.path)
        return try await reopened.verify().problems.map { "\($0)" }
    }

    @Test func onlineInvoiceMarkedOffline() async throws {
        let problems = try await Self.tampered("UPDATE invoices SET source = 'offline' WHERE source = 'online'")
        #expect(problems.contains { $0.contains("offline record") })
    }

    @Test func offlineTicketMarkedOnline() async throws {
        let problems = try await Self.tampered("UPDATE tickets SET source = 'online'")
        #expect(problems.contains { $0.contains("offline record") })
    }

    @Test func recordingAltered() async throws {
        let problems = try await Self.tampered(
            "UPDATE offline_records SET recording = replace(recording, '\"plate\":\"DE1234AB\"', '\"plate\":\"DE9999ZZ\"')"
        )
        #expect(problems.contains { $0.contains("offline_records") })
    }
}
