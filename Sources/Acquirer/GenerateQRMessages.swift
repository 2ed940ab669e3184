import Ledger

/// `POST /v1.0/qr/qr-mpm-generate` request body (SNAP QRIS MPM service 47).
public struct GenerateQRRequest: Sendable, Hashable, Codable {
    /// Lunas's invoice bill number; unique per transaction (≤64, letters and digits).
    public var partnerReferenceNo: String
    /// The amount, in whole rupiah.
    public var amount: SNAPAmount
    /// The merchant id the acquirer assigned.
    public var merchantId: String
    /// A sub-merchant id, where the acquirer uses them.
    public var subMerchantId: String?
    /// A store id, where the acquirer uses them.
    public var storeId: String?
    /// The terminal (≤16).
    public var terminalId: String?
    /// Expiry as an ISO-8601 timestamp with offset; the acquirer's default when absent.
    public var validityPeriod: String?
    /// Acquirer-specific extras.
    public var additionalInfo: GenerateQRAdditionalInfo?

    /// Creates a value from its fields.
    public init(
        partnerReferenceNo: String, amount: SNAPAmount, merchantId: String, subMerchantId: String? = nil,
        storeId: String? = nil, terminalId: String? = nil, validityPeriod: String? = nil,
        additionalInfo: GenerateQRAdditionalInfo? = nil
    ) {
        self.partnerReferenceNo = partnerReferenceNo
        self.amount = amount
        self.merchantId = merchantId
        self.subMerchantId = subMerchantId
        self.storeId = storeId
        self.terminalId = terminalId
        self.validityPeriod = validityPeriod
        self.additionalInfo = additionalInfo
    }

    /// Checks field lengths and characters.
    /// - Throws: ``AcquirerError`` naming the field.
    public func validate() throws(AcquirerError) {
        try FieldRules.alphanumeric(partnerReferenceNo, field: "partnerReferenceNo", maxLength: 64)
        try FieldRules.length(merchantId, field: "merchantId", maxLength: 64)
        guard amount.rupiah > .zero, amount.rupiah <= SNAPAmount.maximumQRIS else {
            throw AcquirerError(
                .invalidAmount,
                "amount.value must be 1 to \(SNAPAmount.maximumQRIS.value) (13 digits, QRIS tag 54), got \(amount.value)",
                field: "amount.value")
        }
        if let terminalId { try FieldRules.length(terminalId, field: "terminalId", maxLength: 16) }
    }
}

/// Acquirer-specific extras of a generate request.
public struct GenerateQRAdditionalInfo: Sendable, Hashable, Codable {
    /// Where the acquirer posts the notify for this QR.
    public var callbackUrl: String?

    /// Creates a value from its fields.
    public init(callbackUrl: String? = nil) { self.callbackUrl = callbackUrl }
}

/// The generate response: `2004700`, the acquirer's `referenceNo` and the QRIS payload.
public struct GenerateQRResponse: Sendable, Hashable, Codable {
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String
    /// The acquirer's reference for the transaction.
    public var referenceNo: String?
    /// Lunas's bill number, echoed back.
    public var partnerReferenceNo: String?
    /// The EMVCo MPM payload to show as a QR.
    public var qrContent: String?
    /// A URL of a QR image, when the acquirer offers one.
    public var qrUrl: String?
    /// The terminal the QR is for.
    public var terminalId: String?
    /// The merchant name the payer sees.
    public var merchantName: String?
    /// Acquirer-specific extras.
    public var additionalInfo: GenerateQRResponseInfo?

    /// Creates a value from its fields.
    public init(
        responseCode: SNAPResponseCode, responseMessage: String, referenceNo: String? = nil,
        partnerReferenceNo: String? = nil, qrContent: String? = nil, qrUrl: String? = nil, terminalId: String? = nil,
        merchantName: String? = nil, additionalInfo: GenerateQRResponseInfo? = nil
    ) {
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.referenceNo = referenceNo
        self.partnerReferenceNo = partnerReferenceNo
        self.qrContent = qrContent
        self.qrUrl = qrUrl
        self.terminalId = terminalId
        self.merchantName = merchantName
        self.additionalInfo = additionalInfo
    }
}

/// Extras of a generate response.
public struct GenerateQRResponseInfo: Sendable, Hashable, Codable {
    /// When the QR expires (ISO-8601 with offset).
    public var expiredAt: String?

    /// Creates a value from its fields.
    public init(expiredAt: String? = nil) { self.expiredAt = expiredAt }
}
