/// Where an invoice is in its life (DESIGN.md "Invoice lifecycle").
///
/// ```
/// issued ──▶ paid ──▶ settled ──▶ refunded
///   │  └───▶ paid_late (paid after expiry or cancellation) ──▶ settled
///   ├──▶ expired ──▶ paid_late
///   └──▶ cancelled ──▶ paid_late
/// ```
/// A payment that arrives after expiry (or while a cancellation was in flight) is accepted as
/// `paid_late`, never dropped.
public enum InvoiceStatus: String, Sendable, Hashable, CaseIterable {
    case issued
    case paid
    case paidLate = "paid_late"
    case settled
    case expired
    case cancelled
    case refunded

    /// Whether money has been received for the invoice (paid, paid late, settled or refunded).
    public var isPaid: Bool {
        switch self {
        case .paid, .paidLate, .settled, .refunded: true
        case .issued, .expired, .cancelled: false
        }
    }

    /// Whether the ledger allows moving from this status to `next`.
    public func canMove(to next: InvoiceStatus) -> Bool {
        switch (self, next) {
        case (.issued, .paid), (.issued, .paidLate), (.issued, .expired), (.issued, .cancelled): true
        case (.expired, .paidLate), (.cancelled, .paidLate): true
        case (.paid, .settled), (.paidLate, .settled): true
        case (.paid, .refunded), (.paidLate, .refunded), (.settled, .refunded): true
        default: false
        }
    }
}
