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
        public var issuer: String
        public var paidAt: Date
    }

    /// A refund, full or partial.
    public struct Refund: Sendable, Hashable, Codable {
        public var refundNo: String
        public var partnerRefundNo: String
        public var amount: Rupiah
        public var refundedAt: Date
    }

    public var kind: Kind
    /// The simulator's own reference (`referenceNo`).
    public var referenceNo: String
    /// The partner's reference: the bill number.
    public var partnerReferenceNo: String
    public var merchantId: String
    public var amount: Rupiah
    public var terminalID: String?
    /// QRIS tag 01 of the QR that was paid: `12` dynamic, `11` static.
    public var pointOfInitiation: String
    /// The payload it generated (``Kind/generated`` only).
    public var qrContent: String?
    public var createdAt: Date
    public var expiresAt: Date?
    /// X-EXTERNAL-ID of the generate call.
    public var externalID: String?
    /// Where to post the notify, if the generate call gave one.
    public var callbackURL: String?
    public var status: TransactionStatus
    public var payment: Payment?
    public var refunds: [Refund]
    public var cancelledAt: Date?

    /// The total refunded so far.
    public var refundedAmount: Rupiah { refunds.reduce(.zero) { $0 + $1.amount } }

    /// Whether it is past its expiry and unpaid at `now`.
    public func isExpired(at now: Date) -> Bool {
        payment == nil && cancelledAt == nil && (expiresAt.map { now > $0 } ?? false)
    }
}
