import Foundation
import Ledger
import Testing

@Suite("A settlement file replaced by a corrected re-send, withdrawn by events, on SQLite")
struct SQLiteWithdrawalContractTests {
    @Test(arguments: [true, false]) func settlementWithdrawal(groupCommit: Bool) async throws {
        try await LedgerStoreContract.settlementWithdrawal(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func partialWithdrawal(groupCommit: Bool) async throws {
        try await LedgerStoreContract.partialWithdrawal(TestLedger.sqlite(groupCommit: groupCommit))
    }

    @Test(arguments: [true, false]) func withdrawalOfClosedDay(groupCommit: Bool) async throws {
        try await LedgerStoreContract.withdrawalOfClosedDay(TestLedger.sqlite(groupCommit: groupCommit))
    }
}
