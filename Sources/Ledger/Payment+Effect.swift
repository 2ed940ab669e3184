import Foundation

extension Payment.Effect {
    /// What a payment made at `paidAt` does to `invoice`, and the invoice's new status.
    ///
    /// An `issued` invoice paid by its expiry becomes `paid`; paid after its expiry, or when it is
    /// already `expired` or `cancelled`, it becomes `paid_late` (accepted and flagged, never dropped).
    /// An invoice that already has its money is left as it is and the payment is an ``extra`` one.
    public static func decide(for invoice: Invoice, paidAt: Date) -> (effect: Payment.Effect, status: InvoiceStatus?) {
        switch invoice.status {
        case .issued:
            paidAt.ledgerMilliseconds > invoice.expiresAt.ledgerMilliseconds ? (.paidLate, .paidLate) : (.paid, .paid)
        case .expired, .cancelled:
            (.paidLate, .paidLate)
        case .paid, .paidLate, .settled, .refunded:
            (.extra, nil)
        }
    }
}
