/// `POST /v1.0/qr/qr-mpm-cancel` request body (SNAP QRIS MPM service 77).
public struct CancelRequest: Sendable, Hashable, Codable {
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The X-EXTERNAL-ID of the original generate call.
    public var originalExternalId: String?
    /// The merchant id the acquirer assigned.
    public var merchantId: String?
    /// Why (≤256).
    public var reason: String?

    /// Creates a value from its fields.
    public init(
        originalPartnerReferenceNo: String, originalReferenceNo: String? = nil, originalExternalId: String? = nil,
        merchantId: String? = nil, reason: String? = nil
    ) {
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalReferenceNo = originalReferenceNo
        self.originalExternalId = originalExternalId
        self.merchantId = merchantId
        self.reason = reason
    }
}

/// The cancel response: `2007700` and when it was cancelled.
public struct CancelResponse: Sendable, Hashable, Codable {
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String?
    /// When the transaction was cancelled (ISO-8601 with offset).
    public var cancelTime: String?

    /// Creates a value from its fields.
    public init(
        responseCode: SNAPResponseCode, responseMessage: String, originalReferenceNo: String? = nil,
        originalPartnerReferenceNo: String? = nil, cancelTime: String? = nil
    ) {
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.originalReferenceNo = originalReferenceNo
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.cancelTime = cancelTime
    }
}

/// `POST /v1.0/qr/qr-mpm-refund` request body (SNAP QRIS MPM service 78). Several partial refunds
/// are allowed up to the paid amount.
public struct RefundRequest: Sendable, Hashable, Codable {
    /// The merchant id the acquirer assigned.
    public var merchantId: String
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The X-EXTERNAL-ID of the original generate call.
    public var originalExternalId: String?
    /// Lunas's id for this refund (≤64).
    public var partnerRefundNo: String
    /// The amount refunded.
    public var refundAmount: SNAPAmount
    /// Why (at most 256 characters).
    public var reason: String?
    /// Which payment of the reference is refunded, when the reference was paid more than once.
    public var additionalInfo: RefundAdditionalInfo?

    /// Creates a value from its fields.
    public init(
        merchantId: String, originalPartnerReferenceNo: String, originalReferenceNo: String? = nil,
        originalExternalId: String? = nil, partnerRefundNo: String, refundAmount: SNAPAmount, reason: String? = nil,
        additionalInfo: RefundAdditionalInfo? = nil
    ) {
        self.additionalInfo = additionalInfo
        self.merchantId = merchantId
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalReferenceNo = originalReferenceNo
        self.originalExternalId = originalExternalId
        self.partnerRefundNo = partnerRefundNo
        self.refundAmount = refundAmount
        self.reason = reason
    }
}

/// `additionalInfo` of a refund request: the payment's retrieval reference number. A merchant-
/// composed QR (Lunas `local` mode) can be paid twice under one bill number; the RRN names the
/// payment to give back (SNAP leaves `additionalInfo` to the acquirer).
public struct RefundAdditionalInfo: Sendable, Hashable, Codable {
    /// The RRN of the payment refunded.
    public var retrievalReferenceNo: String?

    /// Creates a value from its fields.
    public init(retrievalReferenceNo: String?) { self.retrievalReferenceNo = retrievalReferenceNo }
}

/// The refund response: `2007800`, the acquirer's refund number and time.
public struct RefundResponse: Sendable, Hashable, Codable {
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String?
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The acquirer's refund number.
    public var refundNo: String?
    /// Lunas's id for the refund.
    public var partnerRefundNo: String?
    /// The amount refunded.
    public var refundAmount: SNAPAmount?
    /// When the refund was made (ISO-8601 with offset).
    public var refundTime: String?

    /// Creates a value from its fields.
    public init(
        responseCode: SNAPResponseCode, responseMessage: String, originalPartnerReferenceNo: String? = nil,
        originalReferenceNo: String? = nil, refundNo: String? = nil, partnerRefundNo: String? = nil,
        refundAmount: SNAPAmount? = nil, refundTime: String? = nil
    ) {
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalReferenceNo = originalReferenceNo
        self.refundNo = refundNo
        self.partnerRefundNo = partnerRefundNo
        self.refundAmount = refundAmount
        self.refundTime = refundTime
    }
}
