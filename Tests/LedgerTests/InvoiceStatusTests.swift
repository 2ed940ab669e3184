import Foundation
import Ledger
import Testing

@Suite struct InvoiceStatusTests {
    @Test func allowsOnlyTheLifecycleMoves() {
        let allowed: Set<String> = [
            "issued>paid", "issued>paid_late", "issued>expired", "issued>cancelled", "expired>paid_late",
            "cancelled>paid_late", "paid>settled", "paid_late>settled", "paid>refunded", "paid_late>refunded",
            "settled>refunded",
        ]
        for from in InvoiceStatus.allCases {
            for to in InvoiceStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
    }

    @Test func paymentEffectFollowsStatusAndExpiry() {
        let issuedAt = Date(ledgerMilliseconds: 1_000_000)
        var invoice = Invoice(
            id: Invoice.ID("inv_1"), billNumber: try! BillNumber("B1"), kind: .fee, amount: Rupiah(5_000),
            qrisPayload: "P", receiptCode: "R", status: .issued, issuedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(60), deviceID: Device.ID("D"), sequence: 1, feeCode: "F",
            ticketID: nil, paidAt: nil, statusChangedAt: issuedAt, idempotencyKey: "k")
        #expect(Payment.Effect.decide(for: invoice, paidAt: invoice.expiresAt) == (.paid, .paid))
        #expect(
            Payment.Effect.decide(for: invoice, paidAt: invoice.expiresAt.addingTimeInterval(0.001)) == (
                .paidLate, .paidLate
            ))
        for status in [InvoiceStatus.expired, .cancelled] {
            invoice.status = status
            #expect(Payment.Effect.decide(for: invoice, paidAt: issuedAt) == (.paidLate, .paidLate))
        }
        for status in [InvoiceStatus.paid, .paidLate, .settled, .refunded] {
            invoice.status = status
            #expect(Payment.Effect.decide(for: invoice, paidAt: issuedAt).effect == .extra)
            #expect(Payment.Effect.decide(for: invoice, paidAt: issuedAt).status == nil)
        }
    }

    @Test func findsSequenceGaps() {
        #expect(DailyTotals.gaps(in: [1, 2, 3], after: 0) == [])
        #expect(DailyTotals.gaps(in: [5, 6, 9, 12], after: 3) == [4...4, 7...8, 10...11])
        #expect(DailyTotals.gaps(in: [2, 3], after: 5) == [])
    }
}
