/// `POST /v1.0/qr/qr-mpm-query` request body (SNAP QRIS MPM service 51).
public struct QueryRequest: Sendable, Hashable, Codable {
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The X-EXTERNAL-ID of the generate call.
    public var originalExternalId: String?
    /// The service being queried: `47` (generate).
    public var serviceCode: String
    /// The merchant id the acquirer assigned.
    public var merchantId: String?

    /// Creates a value from its fields.
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
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String
    /// The acquirer's reference of the original transaction.
    public var originalReferenceNo: String?
    /// The bill number (`partnerReferenceNo`) of the original transaction.
    public var originalPartnerReferenceNo: String?
    /// The X-EXTERNAL-ID of the original generate call.
    public var originalExternalId: String?
    /// The service code of the original call (`47`).
    public var serviceCode: String?
    /// The latest status (`00`–`07`).
    public var latestTransactionStatus: TransactionStatus?
    /// The status in words.
    public var transactionStatusDesc: String?
    /// When it was paid (ISO-8601 with offset).
    public var paidTime: String?
    /// The amount, in whole rupiah.
    public var amount: SNAPAmount?
    /// The MDR the acquirer withholds, when it reports it.
    public var feeAmount: SNAPAmount?
    /// The terminal the QR is for.
    public var terminalId: String?
    /// Acquirer-specific extras.
    public var additionalInfo: PaymentAdditionalInfo?

    /// Creates a value from its fields.
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
    /// The merchant id the acquirer assigned.
    public var merchantId: String?
    /// The paying issuer (e-wallet or bank), by name.
    public var issuer: String?
    /// Retrieval Reference Number: 12 characters that identify the payment across the QRIS network.
    public var retrievalReferenceNo: String?
    /// The QRIS bill number (tag 62-01) the payer's app saw.
    public var invoiceNo: String?
    /// The payer's name, as the issuer reports it.
    public var customerName: String?
    /// The payer's account, masked.
    public var customerNumber: String?

    /// Creates a value from its fields.
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
