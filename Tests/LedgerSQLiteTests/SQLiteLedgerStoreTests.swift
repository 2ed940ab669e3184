import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// What only the SQLite store has: its file, its journal, reopening it. The contract both stores share is
/// ``LedgerStoreContractTests``.
@Suite struct SQLiteLedgerStoreTests {
    @Test func writerIsDurableWAL() async throws {
        let store = try await TestLedger.sqlite()
        #expect(try await store.writerSynchronousMode() == 2)
        #expect(try await store.journalMode() == "wal")
    }

    @Test func reopenKeepsEverythingAndTheChainContinues() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        var store: SQLiteLedgerStore? = try await SQLiteLedgerStore.open(path: path)
        _ = try await store!.enrolDevice(TestLedger.deviceDraft("R-1"))
        let invoice = try await store!.issueInvoice(TestLedger.feeDraft(device: "R-1")).invoice
        store = nil
        let reopened = try await SQLiteLedgerStore.open(path: path)
        #expect(try await reopened.invoice(id: invoice.id) == invoice)
        let next = try await reopened.issueInvoice(TestLedger.feeDraft(device: "R-1")).invoice
        #expect(next.sequence == 2)
        #expect(try await reopened.events(after: 0, limit: 10).map(\.sequence) == [1, 2, 3])
        try await LedgerStoreContract.expectIntact(reopened)
    }

    @Test func unopenableFileIsALedgerError() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let notADatabase = directory.appendingPathComponent("lunas.sqlite")
        try Data("this is not a database".utf8 + Array(repeating: 0x41, count: 200)).write(to: notADatabase)
        await LedgerStoreContract.expectError(.storageFailure) {
            _ = try await SQLiteLedgerStore.open(path: notADatabase.path)
        }
    }
}
