/// `POST /v1.0/qr/qr-mpm-cancel` request body (SNAP QRIS MPM service 77).
public struct CancelRequest: Sendable, Hashable, Codable {
    public var originalPartnerReferenceNo: String
    public var originalReferenceNo: String?
    public var originalExternalId: String?
    public var merchantId: String?
    /// Why (≤256).
    public var reason: String?

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
    public var responseCode: SNAPResponseCode
    public var responseMessage: String
    public var originalReferenceNo: String?
    public var originalPartnerReferenceNo: String?
    public var cancelTime: String?

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
    public var merchantId: String
    public var originalPartnerReferenceNo: String
    public var originalReferenceNo: String?
    public var originalExternalId: String?
    /// Lunas's id for this refund (≤64).
    public var partnerRefundNo: String
    public var refundAmount: SNAPAmount
    public var reason: String?

    public init(
        merchantId: String, originalPartnerReferenceNo: String, originalReferenceNo: String? = nil,
        originalExternalId: String? = nil, partnerRefundNo: String, refundAmount: SNAPAmount, reason: String? = nil
    ) {
        self.merchantId = merchantId
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalReferenceNo = originalReferenceNo
        self.originalExternalId = originalExternalId
        self.partnerRefundNo = partnerRefundNo
        self.refundAmount = refundAmount
        self.reason = reason
    }
}

/// The refund response: `2007800`, the acquirer's refund number and time.
public struct RefundResponse: Sendable, Hashable, Codable {
    public var responseCode: SNAPResponseCode
    public var responseMessage: String
    public var originalPartnerReferenceNo: String?
    public var originalReferenceNo: String?
    public var refundNo: String?
    public var partnerRefundNo: String?
    public var refundAmount: SNAPAmount?
    public var refundTime: String?

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
