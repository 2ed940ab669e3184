import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Signed (`LR1-`) receipt codes are not indexed: they name their invoice's bill number, which is
/// unique. The store refuses a code that names another invoice, finds an invoice by its code through
/// the bill number, and `verify` names a forged code.
@Suite struct SignedReceiptCodeTests {
    static let signer = ReceiptSigner(key: ReceiptSigningKey.generate())

    static func signedDraft(device: String, key: String? = nil) throws -> InvoiceDraft {
        var draft = TestLedger.feeDraft(device: device, key: key)
        draft.terms.receiptCode = try signer.sign(invoiceID: draft.terms.billNumber.rawValue).text
        return draft
    }

    static func store() async throws -> SQLiteLedgerStore {
        let store = try await TestLedger.sqlite()
        _ = try await store.enrolDevice(TestLedger.deviceDraft("RC-1"))
        return store
    }

    @Test func signedCodeFindsItsInvoice() async throws {
        let store = try await Self.store()
        let invoice = try await store.issueInvoice(Self.signedDraft(device: "RC-1")).invoice
        let other = try await store.issueInvoice(Self.signedDraft(device: "RC-1")).invoice
        #expect(invoice.receiptCode.hasPrefix("LR1-"))
        #expect(try await store.invoice(receiptCode: invoice.receiptCode) == invoice)
        #expect(try await store.invoice(receiptCode: other.receiptCode) == other)

        // Exact text, as for any code: the grouped form and a code with another signature find nothing.
        let code = try ReceiptCode(parsing: invoice.receiptCode)
        #expect(try await store.invoice(receiptCode: code.grouped) == nil)
        let forged = ReceiptCode(
            keyID: code.keyID, invoiceID: code.invoiceID, signature: Array(code.signature.reversed()))
        #expect(try await store.invoice(receiptCode: forged.text) == nil)
        // A well-formed code for a bill number the ledger never issued; a malformed one.
        #expect(try await store.invoice(receiptCode: Self.signer.sign(invoiceID: "NOSUCHBILL").text) == nil)
        #expect(try await store.invoice(receiptCode: "LR1-###") == nil)
    }

    @Test func codeNamingAnotherInvoiceIsRefusedAndWritesNothing() async throws {
        let store = try await Self.store()
        let first = try await store.issueInvoice(Self.signedDraft(device: "RC-1")).invoice
        let eventsBefore = try await store.events(after: 0, limit: 1_000).count

        // Another invoice's code (the way to a duplicate code without an index) is refused.
        var stolen = TestLedger.feeDraft(device: "RC-1")
        stolen.terms.receiptCode = first.receiptCode
        let error = await #expect(throws: LedgerError.self) { _ = try await store.issueInvoice(stolen) }
        #expect(error?.code == .invalidField && error?.field == "receiptCode")
        #expect(error?.message.contains(first.billNumber.rawValue) == true)

        var malformed = TestLedger.feeDraft(device: "RC-1")
        malformed.terms.receiptCode = "LR1-0000"
        let parse = await #expect(throws: LedgerError.self) { _ = try await store.issueInvoice(malformed) }
        #expect(parse?.field == "receiptCode")

        #expect(try await store.invoice(billNumber: stolen.terms.billNumber) == nil)
        #expect(try await store.invoice(billNumber: malformed.terms.billNumber) == nil)
        #expect(try await store.events(after: 0, limit: 1_000).count == eventsBefore)
        #expect(try await store.device(id: Device.ID("RC-1"))?.lastSequence == 1)
        #expect(try await store.verify().isIntact)
    }

    @Test func forgedCodeInARowIsNamedByVerify() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        _ = try await store.enrolDevice(TestLedger.deviceDraft("RC-1"))
        let victim = try await store.issueInvoice(Self.signedDraft(device: "RC-1")).invoice
        let other = try await store.issueInvoice(Self.signedDraft(device: "RC-1")).invoice
        #expect(try await store.verify().isIntact)

        // A forger gives the victim invoice a code that names it but carries another signature.
        let code = try ReceiptCode(parsing: victim.receiptCode)
        let forged = ReceiptCode(
            keyID: code.keyID, invoiceID: code.invoiceID, signature: [UInt8](repeating: 7, count: 64))
        try await ExternalTools.sql(
            path, "UPDATE invoices SET receipt_code = '\(forged.text)' WHERE id = '\(victim.id)';")
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(report.problems.map(\.place) == [.row(table: "invoices", id: victim.id.rawValue)])
        #expect(report.problems.first?.message.contains("receiptCode") == true)
        #expect(try await SQLiteLedgerStore.open(path: path).invoice(receiptCode: victim.receiptCode) == nil)
        #expect(try await SQLiteLedgerStore.open(path: path).invoice(receiptCode: other.receiptCode) == other)
    }
}
