import Foundation
import Ledger
import LedgerSQLite
import Testing

/// The `LedgerStore` contract on SQLite (real files), in both write modes, plus SQLite specifics.
@Suite struct SQLiteLedgerStoreTests {
    @Test(arguments: [true, false]) func devices(groupCommit: Bool) async throws {
        try await LedgerStoreContract.devices(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func invoices(groupCommit: Bool) async throws {
        try await LedgerStoreContract.invoices(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func parking(groupCommit: Bool) async throws {
        try await LedgerStoreContract.parking(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func payments(groupCommit: Bool) async throws {
        try await LedgerStoreContract.payments(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func lateAndLifecycle(groupCommit: Bool) async throws {
        try await LedgerStoreContract.lateAndLifecycle(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test func dailyTotals() async throws {
        try await LedgerStoreContract.dailyTotals(TestLedger.sqlite())
    }

    @Test(arguments: [true, false]) func concurrentWriters(groupCommit: Bool) async throws {
        try await LedgerStoreContract.concurrentWriters(TestLedger.sqlite(groupCommit: groupCommit))
    }

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

@Suite("Settlement files applied and exceptions worked, on SQLite")
struct SQLiteSettlementContractTests {
    @Test(arguments: [true, false]) func settlementApplication(groupCommit: Bool) async throws {
        try await LedgerStoreContract.settlementApplication(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func settlementReversals(groupCommit: Bool) async throws {
        try await LedgerStoreContract.settlementReversals(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func exceptionWork(groupCommit: Bool) async throws {
        try await LedgerStoreContract.exceptionWork(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func refunds(groupCommit: Bool) async throws {
        try await LedgerStoreContract.refunds(TestLedger.sqlite(groupCommit: groupCommit))
    }
}

@Suite("Closing a city day, on SQLite")
struct SQLiteDayClosingContractTests {
    @Test(arguments: [true, false]) func dayClosing(groupCommit: Bool) async throws {
        try await LedgerStoreContract.dayClosing(TestLedger.sqlite(groupCommit: groupCommit))
    }
}

@Suite("Late events for closed days, on SQLite")
struct SQLiteLateEventContractTests {
    @Test(arguments: [true, false]) func lateEvents(groupCommit: Bool) async throws {
        try await LedgerStoreContract.lateEvents(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func settledThenReversed(groupCommit: Bool) async throws {
        try await LedgerStoreContract.settledThenReversed(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func lateLinesOfOtherPaths(groupCommit: Bool) async throws {
        try await LedgerStoreContract.lateLinesOfOtherPaths(TestLedger.sqlite(groupCommit: groupCommit))
    }
}

@Suite("Matching columns streamed from the ledger, on SQLite")
struct SQLiteMatchingContractTests {
    @Test func invoicesForMatching() async throws {
        try await LedgerStoreContract.invoicesForMatching(TestLedger.sqlite())
    }
}
