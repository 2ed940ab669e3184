import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite
import Logging
import LunasTestSupport
import Testing

/// A store the contract runs on: SQLite on a real file (with and without group commit) and
/// PostgreSQL 15 on the scratch server (`scripts/test.sh` starts it), each a fresh, empty ledger.
enum StoreUnderTest: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite = "SQLite"
    case sqliteOneByOne = "SQLite, one write per transaction"
    case postgres = "PostgreSQL"
    case postgresOneByOne = "PostgreSQL, one write per transaction"

    /// Every store: PostgreSQL only where a server is named or required (`LUNAS_REQUIRE_POSTGRES=1`
    /// fails the PostgreSQL cases when it is missing).
    static var all: [StoreUnderTest] {
        PostgresTestServer.enabled ? allCases : [.sqlite, .sqliteOneByOne]
    }

    /// The grouped stores only (contract cases about reading, where the write mode changes nothing).
    static var grouped: [StoreUnderTest] { all.filter { $0 == .sqlite || $0 == .postgres } }

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty store of this kind, closed (and its database dropped) after.
    func run(_ body: (any LedgerStore) async throws -> Void) async throws {
        switch self {
        case .sqlite, .sqliteOneByOne:
            try await body(TestLedger.sqlite(groupCommit: self == .sqlite))
        case .postgres, .postgresOneByOne:
            let logger = Logger(label: "lunas-test")
            try await PostgresTestServer.withScratchDatabase { server, password in
                try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                    _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
                }
                let store = try await PostgresLedgerStore.open(
                    server, password: password, logger: logger,
                    options: .init(groupCommit: self == .postgres, label: "contract"))
                do {
                    try await body(store)
                    await store.close()
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }
}

/// The `LedgerStore` contract (``LedgerStoreContract``), one behaviour per test, on every store.
@Suite("The ledger store's contract, on SQLite and PostgreSQL")
struct LedgerStoreContractTests {
    @Test(arguments: StoreUnderTest.all) func devices(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.devices($0) }
    }

    @Test(arguments: StoreUnderTest.all) func invoices(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.invoices($0) }
    }

    @Test(arguments: StoreUnderTest.all) func parking(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.parking($0) }
    }

    @Test(arguments: StoreUnderTest.all) func payments(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.payments($0) }
    }

    @Test(arguments: StoreUnderTest.all) func lateAndLifecycle(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.lateAndLifecycle($0) }
    }

    @Test(arguments: StoreUnderTest.grouped) func dailyTotals(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.dailyTotals($0) }
    }

    @Test(arguments: StoreUnderTest.all) func concurrentWriters(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.concurrentWriters($0) }
    }

    @Test(arguments: StoreUnderTest.all) func settlementApplication(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.settlementApplication($0) }
    }

    @Test(arguments: StoreUnderTest.all) func settlementReversals(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.settlementReversals($0) }
    }

    @Test(arguments: StoreUnderTest.all) func exceptionWork(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.exceptionWork($0) }
    }

    @Test(arguments: StoreUnderTest.all) func refunds(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.refunds($0) }
    }

    @Test(arguments: StoreUnderTest.all) func dayClosing(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.dayClosing($0) }
    }

    @Test(arguments: StoreUnderTest.all) func lateEvents(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.lateEvents($0) }
    }

    @Test(arguments: StoreUnderTest.all) func settledThenReversed(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.settledThenReversed($0) }
    }

    @Test(arguments: StoreUnderTest.all) func lateLinesOfOtherPaths(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.lateLinesOfOtherPaths($0) }
    }

    @Test(arguments: StoreUnderTest.grouped) func invoicesForMatching(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.invoicesForMatching($0) }
    }

    @Test(arguments: StoreUnderTest.all) func settlementWithdrawal(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.settlementWithdrawal($0) }
    }

    @Test(arguments: StoreUnderTest.all) func partialWithdrawal(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.partialWithdrawal($0) }
    }

    @Test(arguments: StoreUnderTest.all) func withdrawalOfClosedDay(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.withdrawalOfClosedDay($0) }
    }

    @Test(arguments: StoreUnderTest.all) func dayFigures(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.dayFigures($0) }
    }

    @Test(arguments: StoreUnderTest.grouped) func deviceActivityTickets(_ store: StoreUnderTest) async throws {
        try await store.run { try await LedgerStoreContract.deviceActivityTickets($0) }
    }
}
