import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    static func payments(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-09"))
        let invoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-09")).invoice
        let recorded = try await store.recordPayment(TestLedger.payment(invoice, rrn: "RRN000000001"))
        #expect(recorded.isNew && recorded.invoice.status == .paid && recorded.payment.effect == .paid)
        #expect(recorded.invoice.paidAt == recorded.payment.paidAt)
        let events = try await eventCount(store)
        // The acquirer notifies again: same (bill number, RRN), nothing new.
        let repeated = try await store.recordPayment(TestLedger.payment(invoice, rrn: "RRN000000001"))
        #expect(!repeated.isNew && repeated.payment == recorded.payment && repeated.invoice.status == .paid)
        #expect(try await eventCount(store) == events)
        #expect(try await store.payments(invoiceID: invoice.id) == [recorded.payment])
        #expect(
            try await store.events(entityID: invoice.id.rawValue).map(\.kind) == [.invoiceIssued, .paymentRecorded])

        // A second, different payment for a paid invoice is kept as an extra payment.
        let extra = try await store.recordPayment(TestLedger.payment(invoice, rrn: "RRN000000002"))
        #expect(extra.isNew && extra.payment.effect == .extra && extra.invoice.status == .paid)

        let other = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-09", amount: 7_000)).invoice
        await expectError(.amountMismatch) {
            _ = try await store.recordPayment(TestLedger.payment(other, rrn: "RRN000000003", amount: Rupiah(700)))
        }
        await expectError(.unknownBillNumber) {
            var draft = TestLedger.payment(other, rrn: "RRN000000004")
            draft.billNumber = try BillNumber("NOSUCHBILL")
            _ = try await store.recordPayment(draft)
        }
        #expect(try await store.invoice(id: other.id)?.status == .issued)
        // RRNs repeat across days and issuers: the same RRN on another bill is another payment.
        let sameRRN = try await store.recordPayment(TestLedger.payment(other, rrn: "RRN000000001"))
        #expect(sameRRN.isNew && sameRRN.invoice.status == .paid && sameRRN.payment.billNumber == other.billNumber)
        // The same (bill number, RRN) reported with another amount contradicts the first: refused.
        await expectError(.duplicateRRN) {
            _ = try await store.recordPayment(TestLedger.payment(other, rrn: "RRN000000001", amount: Rupiah(8_000)))
        }

        // Unknown bill numbers are recorded as exceptions, idempotently.
        let paidAt = TestLedger.morning.addingTimeInterval(100)
        let exceptionDraft = PaymentExceptionDraft(
            billNumber: "NOSUCHBILL", rrn: "RRN000000004", issuer: "OVO", amount: Rupiah(5_000), paidAt: paidAt,
            recordedAt: paidAt, source: .acquirerNotification, reason: .unknownInvoice,
            detail: "notify for unknown bill")
        let exception = try await store.recordPaymentException(exceptionDraft)
        #expect(exception.isNew && exception.exception.reason == .unknownInvoice)
        let again = try await store.recordPaymentException(exceptionDraft)
        #expect(!again.isNew && again.exception == exception.exception)
        #expect(
            try await store.paymentExceptions(paidFrom: TestLedger.morning, to: paidAt.addingTimeInterval(1)) == [
                exception.exception
            ])
        try await expectIntact(store)
    }

    static func lateAndLifecycle(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-10"))
        let issue = { (amount: Int64) in
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-10", amount: amount)).invoice
        }

        // Paid after expiry while still `issued`: paid_late.
        let late = try await issue(1_000)
        let afterExpiry = late.expiresAt.addingTimeInterval(1)
        let lateResult = try await store.recordPayment(TestLedger.payment(late, rrn: "L1", paidAt: afterExpiry))
        #expect(lateResult.invoice.status == .paidLate && lateResult.payment.effect == .paidLate)

        // Expired by the sweep, then paid: paid_late, never dropped.
        let expiring = try await issue(2_000)
        let untouched = try await issue(3_000)
        _ = untouched
        let swept = try await store.expireDueInvoices(now: expiring.expiresAt)
        #expect(Set(swept.map(\.id)).isSuperset(of: [expiring.id]) && swept.allSatisfy { $0.status == .expired })
        #expect(try await store.expireDueInvoices(now: expiring.expiresAt).isEmpty)
        let paidExpired = try await store.recordPayment(
            TestLedger.payment(expiring, rrn: "L2", paidAt: expiring.expiresAt.addingTimeInterval(30)))
        #expect(paidExpired.invoice.status == .paidLate)

        // Cancelled, then paid while the cancel was in flight: paid_late.
        let cancelled = try await issue(4_000)
        let cancelAt = TestLedger.morning.addingTimeInterval(120)
        #expect(try await store.cancelInvoice(cancelled.id, reason: "citizen left", at: cancelAt).status == .cancelled)
        #expect(try await store.cancelInvoice(cancelled.id, reason: "again", at: cancelAt).status == .cancelled)
        let paidCancelled = try await store.recordPayment(TestLedger.payment(cancelled, rrn: "L3"))
        #expect(paidCancelled.invoice.status == .paidLate)

        // Settle and refund.
        let paid = try await issue(5_000)
        await expectError(.invalidTransition) {
            _ = try await store.settleInvoice(paid.id, reference: "S1", at: cancelAt)
        }
        _ = try await store.recordPayment(TestLedger.payment(paid, rrn: "L4"))
        let settled = try await store.settleInvoice(paid.id, reference: "settlement 2026-11-24 row 7", at: cancelAt)
        #expect(settled.status == .settled && settled.statusChangedAt == cancelAt)
        await expectError(.invalidTransition) {
            _ = try await store.cancelInvoice(paid.id, reason: "too late", at: cancelAt)
        }
        #expect(try await store.refundInvoice(paid.id, reason: "double charge", at: cancelAt).status == .refunded)
        await expectError(.unknownInvoice) {
            _ = try await store.cancelInvoice(Invoice.ID("inv_x"), reason: "x", at: cancelAt)
        }
        #expect(
            try await store.events(entityID: paid.id.rawValue).map(\.kind) == [
                .invoiceIssued, .paymentRecorded, .invoiceSettled, .invoiceRefunded,
            ])
        try await expectIntact(store)
    }

    static func dailyTotals(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-11"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("KIOSK-2", role: .kiosk))
        let day = DailyTotals.day(containing: TestLedger.morning, in: TimeZone(identifier: "Asia/Jayapura")!)
        // 09:00 WIT is 00:00 UTC: the city's day began at 15:00 UTC the day before.
        #expect(day.from == TestLedger.morning.addingTimeInterval(-9 * 3600))
        #expect(day.to == day.from.addingTimeInterval(86_400))
        let yesterday = day.from.addingTimeInterval(-1)
        _ = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-11", at: yesterday))
        let a = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-11", amount: 2_000)).invoice
        let b = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-11", amount: 3_000)).invoice
        _ = try await store.issueInvoice(TestLedger.feeDraft(device: "KIOSK-2", amount: 10_000))
        _ = try await store.recordPayment(TestLedger.payment(a, rrn: "D1"))
        _ = try await store.cancelInvoice(b.id, reason: "wrong amount", at: TestLedger.morning.addingTimeInterval(5))
        let totals = try await store.dailyTotals(from: day.from, to: day.to)
        #expect(totals.issued == Tally(count: 3, amount: Rupiah(15_000)))
        #expect(totals.paid == Tally(count: 1, amount: Rupiah(2_000)))
        #expect(totals.cancelled == Tally(count: 1, amount: Rupiah(3_000)))
        #expect(totals.outstanding == Tally(count: 1, amount: Rupiah(10_000)))
        #expect(totals.devices.map(\.deviceID.rawValue) == ["JKR-11", "KIOSK-2"])
        #expect(totals.devices[0].sequenceRange == 2...3 && totals.devices[0].sequenceGaps.isEmpty)
        #expect(!totals.hasExceptions)
    }

    /// Many concurrent writers, some of them failing: each failure is its own, the rest commit,
    /// sequences stay unbroken and the chain verifies.
    static func concurrentWriters(_ store: some LedgerStore) async throws {
        for device in 0..<4 { _ = try await store.enrolDevice(TestLedger.deviceDraft("C-\(device)")) }
        let clash = TestLedger.billNumber("CLASH")
        let results = try await withThrowingTaskGroup(of: Result<Invoice, LedgerError>.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let bill = index % 20 == 0 ? clash : TestLedger.billNumber("C")
                    do {
                        var draft = TestLedger.feeDraft(device: "C-\(index % 4)", bill: bill, key: "c-\(index)")
                        draft.terms.receiptCode = "RCPT-C\(index)"
                        return .success(try await store.issueInvoice(draft).invoice)
                    } catch let error as LedgerError {
                        return .failure(error)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let issued = results.compactMap { try? $0.get() }
        let failures = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        #expect(issued.count == 191 && failures.count == 9)
        #expect(failures.allSatisfy { $0.code == .duplicateBillNumber })
        for device in 0..<4 {
            let numbers = issued.filter { $0.deviceID.rawValue == "C-\(device)" }.map(\.sequence).sorted()
            #expect(numbers == Array(1...Int64(numbers.count)))
        }
        #expect(try await eventCount(store) == 4 + 191)
        try await expectIntact(store)
    }
}
