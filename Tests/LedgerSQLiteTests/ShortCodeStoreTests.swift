import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The `invoices.short_code` column (`v9-shift`): written with the invoice, found by the typed code,
/// and checked by `verify` against the bill number it derives from.
@Suite struct ShortCodeStoreTests {
    /// A new ledger file with one device and two fee invoices: the file, the store, the invoices.
    static func twoInvoices() async throws -> (
        path: String, store: SQLiteLedgerStore, invoice: Invoice, other: Invoice
    ) {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-S"))
        let invoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-S")).invoice
        let other = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-S", amount: 9_000)).invoice
        return (path, store, invoice, other)
    }

    @Test func storedFoundAndVerified() async throws {
        let (path, store, invoice, other) = try await Self.twoInvoices()
        #expect(try await store.invoice(shortCode: invoice.shortCode)?.id == invoice.id)
        #expect(try await store.invoice(typedReceiptCode: other.shortCode.grouped.lowercased())?.id == other.id)
        #expect(try await store.invoice(typedReceiptCode: invoice.receiptCode)?.id == invoice.id)
        let stored = try await ExternalTools.sql(path, "SELECT short_code FROM invoices WHERE id = '\(invoice.id)';")
        #expect(stored.output.trimmingCharacters(in: .whitespacesAndNewlines) == invoice.shortCode.text)
        #expect(try await store.verify().isIntact)

        try await ExternalTools.sql(
            path,
            "UPDATE invoices SET short_code = '0000000000' WHERE id = '\(invoice.id)';"
                + "UPDATE invoices SET short_code = '\(invoice.shortCode.text)' WHERE id = '\(other.id)';"
                + "UPDATE invoices SET short_code = '\(other.shortCode.text)' WHERE id = '\(invoice.id)';")
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(report.problems.count == 2)
        #expect(report.problems.allSatisfy { $0.message.contains("short code") })

        // None at all: right only when another invoice holds the code its bill number derives (a tie
        // lost before `v9-shift`); otherwise a citizen's typed code would find nothing.
        try await ExternalTools.sql(
            path,
            "UPDATE invoices SET short_code = NULL WHERE id = '\(invoice.id)';"
                + "UPDATE invoices SET short_code = '\(other.shortCode.text)' WHERE id = '\(other.id)';")
        let lost = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(lost.problems.count == 1)
        #expect(
            lost.problems.allSatisfy {
                $0.message.contains("has no short code") && $0.message.contains("\(invoice.id)")
            })
    }

    @Test func invoiceWithoutShortCodeLosingATieIsIntact() async throws {
        let (path, _, invoice, other) = try await Self.twoInvoices()
        // As `v9-shift` leaves the loser of a tie: another invoice holds the code it derives.
        try await ExternalTools.sql(
            path,
            "UPDATE invoices SET short_code = NULL WHERE id = '\(invoice.id)';"
                + "UPDATE invoices SET short_code = '\(invoice.shortCode.text)' WHERE id = '\(other.id)';")
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(report.problems.count == 1, "only the other invoice's code, which is not its own: \(report.problems)")
        #expect(
            report.problems.allSatisfy { $0.message.contains("is not the one") && $0.message.contains("\(other.id)") })
    }
}
