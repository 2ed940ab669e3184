import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// `v13-reversals` on a ledger written before it: its refunds through the acquirer stay refunds of
/// source `acquirer` with no settlement row, a settlement application counts no reversal, the old
/// events still verify, and a reversal can be recorded after.
@Suite("v13-reversals migrates an older database")
struct ReversalMigrationTests {
    @Test func refundsWrittenBeforeStayAcquirerRefunds() async throws {
        let path = try TestLedger.temporaryDirectory().appendingPathComponent("lunas.sqlite").path
        let finance = LedgerActor.device(Device.ID("FIN-40"))
        let invoice: Invoice
        let payment: Payment
        do {
            let store = try await SQLiteLedgerStore.open(path: path)
            _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-40"))
            _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-40", role: .finance))
            invoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-40", amount: 5_000)).invoice
            payment = try await store.recordPayment(TestLedger.payment(invoice, rrn: "M1")).payment
            _ = try await store.refundPayment(
                LedgerStoreContract.refund(payment, 1_000, key: "r-old", by: finance), requestHash: "h-old")
            try await LedgerStoreContract.importSettlement(store)
            _ = try await LedgerStoreContract.applyWhole(
                store, LedgerStoreContract.settlementID,
                [LedgerStoreContract.line(0, .exception(.unknownBill), bill: "NOSUCHBILL", rrn: "U1", gross: 1_000)],
                by: finance)
        }
        // The schema as the release before `v13-reversals` left it.
        let undone = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path],
            input: """
                ALTER TABLE payment_refunds DROP COLUMN source;
                ALTER TABLE payment_refunds DROP COLUMN settlement_id;
                ALTER TABLE payment_refunds DROP COLUMN settlement_row;
                ALTER TABLE payment_refunds DROP COLUMN settlement_location;
                ALTER TABLE settlement_applications DROP COLUMN reversals_recorded;
                DELETE FROM grdb_migrations WHERE identifier = 'v13-reversals';
                """)
        #expect(undone.status == 0, "\(undone.error)")

        let store = try await SQLiteLedgerStore.open(path: path)
        let refunds = try await store.refunds(invoiceID: invoice.id)
        #expect(refunds.map(\.source) == [.acquirer] && refunds.first?.settlement == nil)
        #expect(try await store.settlementApplication(id: LedgerStoreContract.settlementID)?.reversalsRecorded == 0)
        let migrations = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT group_concat(identifier, ',') FROM grdb_migrations"])
        #expect(migrations.output.contains("v13-reversals"))
        try await LedgerStoreContract.importSettlement(store, id: LedgerStoreContract.reversalFileA)
        var row = LedgerStoreContract.line(
            0, .reversal, bill: invoice.billNumber.rawValue, rrn: "M1", gross: 4_000,
            id: LedgerStoreContract.reversalFileA)
        row.acquirerReference = "CB-9"
        let applied = try await LedgerStoreContract.applyWhole(
            store, LedgerStoreContract.reversalFileA, [row], by: finance)
        #expect(applied.reversalsRecorded == 1)
        #expect(try await store.invoice(id: invoice.id)?.status == .refunded)
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    /// A reversal row edited behind the ledger's back (its amount, or the settlement row it names)
    /// disagrees with the replay of its `payment.reversed` event, and `verify` names the row.
    @Test(arguments: ["amount = 1", "settlement_location = 'line 99'", "source = 'acquirer'"])
    func editedReversalIsNamed(edit: String) async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let finance = LedgerActor.device(Device.ID("FIN-41"))
        let reversalID: PaymentRefund.ID
        do {
            let store = try await SQLiteLedgerStore.open(path: path)
            _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-41"))
            _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-41", role: .finance))
            let invoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-41", amount: 5_000)).invoice
            _ = try await store.recordPayment(TestLedger.payment(invoice, rrn: "E1"))
            try await LedgerStoreContract.importSettlement(store)
            _ = try await LedgerStoreContract.applyWhole(
                store, LedgerStoreContract.settlementID,
                [LedgerStoreContract.line(0, .reversal, bill: invoice.billNumber.rawValue, rrn: "E1", gross: 2_000)],
                by: finance)
            reversalID = try #require(try await store.refunds(invoiceID: invoice.id).first).id
            #expect(try await store.verify().isIntact)
        }
        let edited = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "UPDATE payment_refunds SET \(edit) WHERE id = '\(reversalID)'"])
        #expect(edited.status == 0, "\(edited.error)")
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(
            report.problems.contains { $0.place == .row(table: "payment_refunds", id: reversalID.rawValue) },
            "\(report.problems)")
    }
}
