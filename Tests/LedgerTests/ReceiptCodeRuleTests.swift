import Foundation
import Ledger
import Testing

/// A signed (`LR1-`) receipt code must name its invoice's bill number: drafts refuse any other, and
/// the verifier's replay flags an event that carries one.
@Suite struct ReceiptCodeRuleTests {
    static let signer = ReceiptSigner(key: ReceiptSigningKey.generate())
    static let at = Date(ledgerMilliseconds: 1_795_392_000_000)

    static func terms(bill: String, code: String) throws -> InvoiceTerms {
        InvoiceTerms(
            billNumber: try BillNumber(bill), amount: Rupiah(5_000), qrisPayload: "P", receiptCode: code, issuedAt: at,
            expiresAt: at.addingTimeInterval(900), deviceID: Device.ID("JKR-1"))
    }

    @Test func termsAcceptTheirOwnSignedCodeAndOpaqueCodes() throws {
        try Self.terms(bill: "AMB1", code: Self.signer.sign(invoiceID: "AMB1").text).validate()
        try Self.terms(bill: "AMB1", code: "RCPT-anything").validate()
        // Only the exact `LR1-` prefix marks a signed code; other case is opaque text.
        try Self.terms(bill: "AMB1", code: Self.signer.sign(invoiceID: "AMB2").text.lowercased()).validate()
    }

    @Test(arguments: ["LR1-", "LR1-0", "LR1-ZZZZ-U"])
    func termsRefuseMalformedSignedCodes(_ code: String) throws {
        let error = #expect(throws: LedgerError.self) { try Self.terms(bill: "AMB1", code: code).validate() }
        #expect(error?.code == .invalidField && error?.field == "receiptCode")
        #expect(error?.message.contains("not a receipt code") == true)
    }

    @Test func termsRefuseAnotherInvoicesCode() throws {
        let code = try Self.signer.sign(invoiceID: "AMB2").text
        let error = #expect(throws: LedgerError.self) { try Self.terms(bill: "AMB1", code: code).validate() }
        #expect(error?.field == "receiptCode")
        #expect(error?.message == "receiptCode names invoice AMB2, not this invoice's bill number AMB1")
    }

    @Test func replayFlagsAnEventWithAnotherInvoicesCode() throws {
        let device = Device(
            id: Device.ID("JKR-1"), name: "Jukir 1", role: .attendant, zone: "A",
            credentialHash: Device.credentialHash(forToken: "t"), enrolledAt: Self.at)
        var replay = LedgerReplay()
        try replay.apply(.deviceEnrolled(device, .init(key: "e1", requestHash: "h1")), at: Self.at, sequence: 1)
        let terms = try Self.terms(bill: "AMB1", code: Self.signer.sign(invoiceID: "AMB9").text)
        let invoice = Invoice(
            id: Invoice.ID("inv_1"), billNumber: terms.billNumber, kind: .fee, amount: terms.amount,
            qrisPayload: terms.qrisPayload, receiptCode: terms.receiptCode, status: .issued, issuedAt: Self.at,
            expiresAt: terms.expiresAt, deviceID: device.id, sequence: 1, feeCode: "F", ticketID: nil, paidAt: nil,
            statusChangedAt: Self.at, idempotencyKey: "k1")
        let error = #expect(throws: LedgerError.self) {
            try replay.apply(
                .invoiceIssued(invoice, ticket: nil, .init(key: "k1", requestHash: "h2")), at: Self.at, sequence: 2)
        }
        #expect(error?.code == .replayRuleBroken)
        #expect(error?.message.contains("does not name its bill number AMB1") == true)
    }
}
