import Reconciliation
import Acquirer
import Foundation
import Ledger

/// A transaction in the simulator's books: a QR it generated, or a payment of a merchant's own
/// (Lunas `local`) QR known only by its bill number.
public struct SimulatedTransaction: Sendable, Hashable, Codable {
    /// How the simulator came to know the transaction.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Generated through SNAP generate (dynamic QR, tag 01 = 12).
        case generated
        /// Paid from a QR the merchant composed from its static QRIS; keyed by bill number.
        case merchantComposed
    }

    /// A payment by an e-wallet.
    public struct Payment: Sendable, Hashable, Codable {
        /// 12-digit Retrieval Reference Number.
        public var rrn: String
        /// The paying e-wallet or bank.
        public var issuer: String
        /// When it was paid.
        public var paidAt: Date
    }

    /// A refund, full or partial.
    public struct Refund: Sendable, Hashable, Codable {
        /// The acquirer's refund number.
        public var refundNo: String
        /// Lunas's id for the refund.
        public var partnerRefundNo: String
        /// The amount refunded.
        public var amount: Rupiah
        /// When it was refunded.
        public var refundedAt: Date
    }

    /// How the simulator came to know it.
    public var kind: Kind
    /// The simulator's own reference (`referenceNo`).
    public var referenceNo: String
    /// The partner's reference: the bill number.
    public var partnerReferenceNo: String
    /// The merchant id the acquirer assigned.
    public var merchantId: String
    /// The amount, in whole rupiah.
    public var amount: Rupiah
    /// The terminal label (QRIS tag 62-07).
    public var terminalID: String?
    /// QRIS tag 01 of the QR that was paid: `12` dynamic, `11` static.
    public var pointOfInitiation: String
    /// The payload it generated (``Kind/generated`` only).
    public var qrContent: String?
    /// When it was created.
    public var createdAt: Date
    /// When it expires.
    public var expiresAt: Date?
    /// X-EXTERNAL-ID of the generate call.
    public var externalID: String?
    /// Where to post the notify, if the generate call gave one.
    public var callbackURL: String?
    /// The SNAP status (`latestTransactionStatus`).
    public var status: TransactionStatus
    /// The payment, once paid.
    public var payment: Payment?
    /// Refunds, oldest first.
    public var refunds: [Refund]
    /// When it was cancelled.
    public var cancelledAt: Date?

    /// The total refunded so far.
    public var refundedAmount: Rupiah { refunds.reduce(.zero) { $0 + $1.amount } }

    /// Whether it is past its expiry and unpaid at `now`.
    public func isExpired(at now: Date) -> Bool {
        payment == nil && cancelledAt == nil && (expiresAt.map { now > $0 } ?? false)
    }
}
