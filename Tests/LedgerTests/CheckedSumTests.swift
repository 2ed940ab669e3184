import Foundation
import Ledger
import Testing

@Suite("Sums of rupiah are checked: an overflow is an error, never a trap")
struct CheckedSumTests {
    static let day = Date(timeIntervalSince1970: 1_795_392_000)

    static func payment(_ amount: Int64, rrn: String) throws -> Payment {
        Payment(
            id: Payment.ID("pay_\(rrn)"), invoiceID: Invoice.ID("inv_\(rrn)"), billNumber: try BillNumber("B\(rrn)"),
            rrn: rrn, issuer: "OVO", amount: Rupiah(amount), paidAt: day, recordedAt: day,
            source: .acquirerNotification, effect: .paid)
    }

    static func exception(_ amount: Rupiah?, text: String? = nil, id: String) -> PaymentException {
        PaymentException(
            id: PaymentException.ID("pex_\(id)"), billNumber: "NOSUCH", rrn: id, issuer: "OVO", amount: amount,
            paidAt: day, recordedAt: day, source: .acquirerNotification,
            reason: amount == nil ? .amountOutOfRange : .unknownInvoice, detail: "d", amountText: text)
    }

    @Test("Rupiah.adding reports an overflow with the sum's name")
    func adding() throws {
        #expect(try Rupiah(2).adding(Rupiah(3), what: "x") == Rupiah(5))
        #expect(throws: LedgerError.self) { try Rupiah(Int64.max).adding(Rupiah(1), what: "x") }
        do {
            _ = try Rupiah(Int64.max).adding(Rupiah(1), what: "daily report: paid")
        } catch let error as LedgerError {
            #expect(error.code == .amountOverflow)
            #expect(error.message.contains("daily report: paid"))
        }
        #expect(throws: LedgerError.self) { try Rupiah(Int64.min).adding(Rupiah(-1), what: "x") }
    }

    @Test("a tally that would overflow throws and stays as it was")
    func tally() throws {
        var tally = Tally()
        try tally.add(Rupiah(Int64.max - 1))
        #expect(throws: LedgerError.self) { try tally.add(Rupiah(2)) }
        #expect(tally == Tally(count: 1, amount: Rupiah(Int64.max - 1)))
        tally.addWithoutAmount()
        #expect(tally == Tally(count: 2, amount: Rupiah(Int64.max - 1)))
    }

    @Test("the daily totals of payments past Int64.max are an amount.overflow error, not a crash")
    func dailyTotalsOverflow() throws {
        let payments = [try Self.payment(Int64.max, rrn: "1"), try Self.payment(1, rrn: "2")]
        do {
            _ = try DailyTotals.build(
                from: Self.day, to: Self.day.addingTimeInterval(86_400), invoices: [], openedTickets: [],
                payments: payments, exceptions: [], sequenceBefore: [:])
            Issue.record("expected amount.overflow")
        } catch let error as LedgerError {
            #expect(error.code == .amountOverflow)
        }
        let huge = [Self.exception(Rupiah(Int64.max), id: "1"), Self.exception(Rupiah(Int64.max), id: "2")]
        #expect(throws: LedgerError.self) {
            try DailyTotals.build(
                from: Self.day, to: Self.day.addingTimeInterval(86_400), invoices: [], openedTickets: [],
                payments: [], exceptions: huge, sequenceBefore: [:])
        }
    }

    @Test("an exception that holds its amount as text is counted, not summed")
    func textAmounts() throws {
        let totals = try DailyTotals.build(
            from: Self.day, to: Self.day.addingTimeInterval(86_400), invoices: [], openedTickets: [], payments: [],
            exceptions: [
                Self.exception(nil, text: "9223372036854775807.00", id: "1"), Self.exception(Rupiah(7_000), id: "2"),
            ],
            sequenceBefore: [:])
        #expect(totals.exceptions == Tally(count: 2, amount: Rupiah(7_000)))
        #expect(totals.hasExceptions)
    }

    @Test("a v1 exception with an unstorable amount replays as text")
    func storedForm() {
        let old = Self.exception(Rupiah(Int64.max), id: "1")
        #expect(old.storedForm.amount == nil)
        #expect(old.storedForm.amountText == "9223372036854775807")
        let fine = Self.exception(Rupiah(7_000), id: "2")
        #expect(fine.storedForm == fine)
        #expect(Rupiah.maximumStored.isStorable && !Rupiah(Rupiah.maximumStored.value + 1).isStorable)
    }
}

@Suite("A payment exception drafted from a bank's notify always fits the ledger")
struct PaymentExceptionFittingTests {
    @Test("over-long and unprintable fields are cut to fit, the cut is named, the draft validates")
    func fitting() throws {
        let issuer = String(repeating: "é", count: 32) + "X"  // 65 bytes
        let bill = String(repeating: "B", count: 100)
        let draft = PaymentExceptionDraft(
            fitting: bill, rrn: "RRN 12\u{7}3" + String(repeating: "9", count: 40), issuer: issuer,
            amount: Rupiah(5_000),
            paidAt: CheckedSumTests.day, recordedAt: CheckedSumTests.day, source: .acquirerNotification,
            reason: .invalidField, detail: "issuer must be 1–64 bytes", bodySHA256: String(repeating: "a", count: 64),
            verifiedBy: PaymentVerification(profileID: "simulator", keyID: "rsa:0123456789abcdef"))
        try draft.validate()
        #expect(draft.issuer.utf8.count <= 64 && draft.issuer.hasSuffix("…") && draft.issuer.hasPrefix("éé"))
        #expect(draft.billNumber.utf8.count <= 64 && draft.billNumber.hasPrefix("BBBB"))
        #expect(draft.rrn.utf8.count == 32 && draft.rrn.hasPrefix("RRN_12_3") && draft.rrn.hasSuffix("~"))
        #expect(draft.detail.contains("issuer was 65 bytes"))
        #expect(draft.detail.contains("billNumber was 100 bytes"))
        #expect(draft.amount == Rupiah(5_000) && draft.amountText == nil)
    }

    @Test("an amount above the QRIS maximum is kept as text; empty fields become '-'")
    func unstorableAmount() throws {
        let draft = PaymentExceptionDraft(
            fitting: "", rrn: "", issuer: "", amount: Rupiah(Int64.max), paidAt: CheckedSumTests.day,
            recordedAt: CheckedSumTests.day, source: .acquirerNotification, reason: .amountOutOfRange, detail: "d")
        try draft.validate()
        #expect(draft.amount == nil && draft.amountText == "9223372036854775807")
        #expect(draft.billNumber == "-" && draft.rrn == "-" && draft.issuer == "-")
        var invalid = draft
        invalid.amount = Rupiah(10_000_000_000_000)
        #expect(throws: LedgerError.self) { try invalid.validate() }
    }
}
