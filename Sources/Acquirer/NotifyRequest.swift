/// `POST /v1.0/qr/qr-mpm-notify` request body, sent by the acquirer to Lunas (SNAP QRIS MPM service 52).
public struct NotifyRequest: Sendable, Hashable, Codable {
    /// The acquirer's reference for the transaction.
    public var originalReferenceNo: String
    /// Lunas's bill number (the generate call's `partnerReferenceNo`, or tag 62-01 of a local QR).
    public var originalPartnerReferenceNo: String
    /// Usually `00` (success); some acquirers notify other states.
    public var latestTransactionStatus: TransactionStatus
    /// The status in words.
    public var transactionStatusDesc: String?
    /// The amount, in whole rupiah.
    public var amount: SNAPAmount?
    /// When it was paid (ISO-8601 with offset).
    public var paidTime: String?
    /// Acquirer-specific extras.
    public var additionalInfo: PaymentAdditionalInfo?

    /// Creates a value from its fields.
    public init(
        originalReferenceNo: String, originalPartnerReferenceNo: String, latestTransactionStatus: TransactionStatus,
        transactionStatusDesc: String? = nil, amount: SNAPAmount?, paidTime: String? = nil,
        additionalInfo: PaymentAdditionalInfo? = nil
    ) {
        self.originalReferenceNo = originalReferenceNo
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.latestTransactionStatus = latestTransactionStatus
        self.transactionStatusDesc = transactionStatusDesc
        self.amount = amount
        self.paidTime = paidTime
        self.additionalInfo = additionalInfo
    }
}
