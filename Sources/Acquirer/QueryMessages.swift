/// `POST /v1.0/qr/qr-mpm-query` request body (SNAP QRIS MPM service 51).
public struct QueryRequest: Sendable, Hashable, Codable {
    public var originalPartnerReferenceNo: String
    public var originalReferenceNo: String?
    /// The X-EXTERNAL-ID of the generate call.
    public var originalExternalId: String?
    /// The service being queried: `47` (generate).
    public var serviceCode: String
    public var merchantId: String?

    public init(
        originalPartnerReferenceNo: String, originalReferenceNo: String? = nil, originalExternalId: String? = nil,
        serviceCode: String = SNAPService.generateQR.code, merchantId: String? = nil
    ) {
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalReferenceNo = originalReferenceNo
        self.originalExternalId = originalExternalId
        self.serviceCode = serviceCode
        self.merchantId = merchantId
    }
}

/// The query response: `2005100` and the transaction's latest status.
public struct QueryResponse: Sendable, Hashable, Codable {
    public var responseCode: SNAPResponseCode
    public var responseMessage: String
    public var originalReferenceNo: String?
    public var originalPartnerReferenceNo: String?
    public var originalExternalId: String?
    public var serviceCode: String?
    public var latestTransactionStatus: TransactionStatus?
    public var transactionStatusDesc: String?
    /// When it was paid (ISO-8601 with offset).
    public var paidTime: String?
    public var amount: SNAPAmount?
    /// The MDR the acquirer withholds, when it reports it.
    public var feeAmount: SNAPAmount?
    public var terminalId: String?
    public var additionalInfo: PaymentAdditionalInfo?

    public init(
        responseCode: SNAPResponseCode, responseMessage: String, originalReferenceNo: String? = nil,
        originalPartnerReferenceNo: String? = nil, originalExternalId: String? = nil, serviceCode: String? = nil,
        latestTransactionStatus: TransactionStatus? = nil, transactionStatusDesc: String? = nil,
        paidTime: String? = nil, amount: SNAPAmount? = nil, feeAmount: SNAPAmount? = nil, terminalId: String? = nil,
        additionalInfo: PaymentAdditionalInfo? = nil
    ) {
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.originalReferenceNo = originalReferenceNo
        self.originalPartnerReferenceNo = originalPartnerReferenceNo
        self.originalExternalId = originalExternalId
        self.serviceCode = serviceCode
        self.latestTransactionStatus = latestTransactionStatus
        self.transactionStatusDesc = transactionStatusDesc
        self.paidTime = paidTime
        self.amount = amount
        self.feeAmount = feeAmount
        self.terminalId = terminalId
        self.additionalInfo = additionalInfo
    }
}

/// Payment details an acquirer adds to a query response or a notify.
public struct PaymentAdditionalInfo: Sendable, Hashable, Codable {
    public var merchantId: String?
    /// The paying issuer (e-wallet or bank), by name.
    public var issuer: String?
    /// Retrieval Reference Number: 12 characters that identify the payment across the QRIS network.
    public var retrievalReferenceNo: String?
    /// The QRIS bill number (tag 62-01) the payer's app saw.
    public var invoiceNo: String?
    public var customerName: String?
    /// The payer's account, masked.
    public var customerNumber: String?

    public init(
        merchantId: String? = nil, issuer: String? = nil, retrievalReferenceNo: String? = nil,
        invoiceNo: String? = nil, customerName: String? = nil, customerNumber: String? = nil
    ) {
        self.merchantId = merchantId
        self.issuer = issuer
        self.retrievalReferenceNo = retrievalReferenceNo
        self.invoiceNo = invoiceNo
        self.customerName = customerName
        self.customerNumber = customerNumber
    }
}
