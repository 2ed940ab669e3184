import Ledger

/// What cancelling an invoice did: the invoice as the ledger now has it and, in `snap` mode, what
/// the acquirer answered to the SNAP cancel of its QR.
public struct InvoiceCancellation: Sendable, Hashable {
    /// The acquirer's part of a cancel.
    public enum AcquirerOutcome: Sendable, Hashable {
        /// The acquirer cancelled the QR (or had cancelled it before).
        case cancelled
        /// The acquirer could not be reached; repeating the cancel tries again.
        case unavailable(String)
        /// The acquirer refused (the QR was paid meanwhile, or it does not know the QR); a payment
        /// it took is recorded `paid_late` with an exception when its notify arrives.
        case refused(String)

        /// `cancelled`, `unavailable` or `refused`.
        public var status: String {
            switch self {
            case .cancelled: "cancelled"
            case .unavailable: "unavailable"
            case .refused: "refused"
            }
        }

        /// The acquirer's answer or the reason it gave none, in English.
        public var message: String? {
            switch self {
            case .cancelled: nil
            case .unavailable(let message), .refused(let message): message
            }
        }
    }

    /// The invoice after the cancel.
    public var invoice: Invoice
    /// What the acquirer answered; nil when no acquirer issued the QR (`local` mode).
    public var acquirer: AcquirerOutcome?

    /// Creates a value from its parts.
    public init(invoice: Invoice, acquirer: AcquirerOutcome?) {
        self.invoice = invoice
        self.acquirer = acquirer
    }
}
