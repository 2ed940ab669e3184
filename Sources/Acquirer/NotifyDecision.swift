import Foundation
import Ledger

/// A payment reported by a notify, as Lunas records it.
public struct NotifyPayment: Sendable, Hashable {
    /// The invoice's bill number (`originalPartnerReferenceNo`).
    public var reference: String
    /// The acquirer's reference (`originalReferenceNo`).
    public var acquirerReference: String
    /// Retrieval Reference Number (`additionalInfo.retrievalReferenceNo`, else `originalReferenceNo`).
    public var rrn: String
    /// The amount, in whole rupiah.
    public var amount: Rupiah
    /// When the payer paid (`paidTime`, else when the notify arrived).
    public var paidAt: Date
    /// The paying e-wallet or bank.
    public var issuer: String?
    /// Paid after the invoice's expiry: the invoice becomes `paid_late`, never refused.
    public var late: Bool

    /// Creates a value from its fields.
    public init(
        reference: String, acquirerReference: String, rrn: String, amount: Rupiah, paidAt: Date, issuer: String?,
        late: Bool
    ) {
        self.reference = reference
        self.acquirerReference = acquirerReference
        self.rrn = rrn
        self.amount = amount
        self.paidAt = paidAt
        self.issuer = issuer
        self.late = late
    }
}

/// What a notify means for the ledger. The API layer performs the write (one transaction, one event).
public enum NotifyDecision: Sendable {
    /// Mark the invoice `paid` (or `paid_late` when ``NotifyPayment/late``).
    case paid(NotifyPayment)
    /// The same (reference, RRN) was recorded before: change nothing.
    case replay(reference: String, rrn: String)
    /// No invoice has this reference: record an exception (money was taken), never drop it.
    case unknownInvoice(NotifyPayment)
    /// The invoice exists but the payment does not fit it: record an exception.
    case mismatch(NotifyPayment, NotifyMismatch)
    /// A successful payment of an amount no money column holds: record an exception with the
    /// amount as text (whether or not the bill exists), answer 200.
    case amountOutOfRange(NotifyUnstorablePayment)
    /// A verified notify whose body Lunas cannot take as it stands (not JSON, a field of the wrong
    /// type or format, a success without an amount): record an exception with what could be read
    /// (``NotifyUnstorablePayment/salvage(_:now:)``) and `problem`, answer 200.
    case malformed(NotifyUnstorablePayment, problem: String)
    /// A status other than success (`01`–`07`): nothing to record as paid.
    case notPaid(reference: String, status: TransactionStatus)
    /// Refused (bad signature, bad timestamp, malformed body): change nothing.
    case rejected(AcquirerError)
}

/// Why a payment does not fit its invoice.
public enum NotifyMismatch: Sendable, Hashable {
    /// The paid amount differs from the invoice's.
    case amountDiffers(invoice: Rupiah)
    /// The invoice was already paid under other RRNs: a second payment of one bill.
    case alreadyPaid(rrns: [String])
}

/// What Lunas knows of an invoice when a notify arrives.
public struct NotifyInvoiceState: Sendable, Hashable {
    /// The bill number.
    public var reference: String
    /// The amount, in whole rupiah.
    public var amount: Rupiah
    /// When it expires.
    public var expiresAt: Date
    /// RRNs of payments already recorded for this invoice.
    public var recordedRRNs: Set<String>
    /// The amount recorded under each RRN, when known: a repeat of a recorded RRN with another
    /// amount is no replay but a contradiction, which the ledger records as an exception.
    public var recordedAmounts: [String: Rupiah]

    /// Creates a value from its fields.
    public init(
        reference: String, amount: Rupiah, expiresAt: Date, recordedRRNs: Set<String> = [],
        recordedAmounts: [String: Rupiah] = [:]
    ) {
        self.reference = reference
        self.amount = amount
        self.expiresAt = expiresAt
        self.recordedRRNs = recordedRRNs
        self.recordedAmounts = recordedAmounts
    }
}

/// Looks up invoices for the notify processor (the ledger store, in the API layer).
public protocol NotifyInvoiceLookup: Sendable {
    /// The invoice with this bill number, or `nil`.
    func invoice(reference: String) async throws -> NotifyInvoiceState?
}
