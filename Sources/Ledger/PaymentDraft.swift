import Foundation

/// A payment to record against an invoice (``LedgerStore/recordPayment(_:)``).
///
/// Idempotent on (bill number, RRN): the acquirer may notify the same payment many times.
public struct PaymentDraft: Sendable, Hashable {
    /// The invoice's bill number (QRIS 62-01 / SNAP partnerReferenceNo as the acquirer echoed it).
    public var billNumber: BillNumber
    /// The retrieval reference number (ISO 8583 field 37) of the payment.
    public var rrn: String
    /// The issuer (the citizen's bank or e-wallet).
    public var issuer: String
    /// The amount in whole rupiah.
    public var amount: Rupiah
    /// When the citizen paid (acquirer time).
    public var paidAt: Date
    /// When the ledger recorded it.
    public var recordedAt: Date
    /// Where the ledger learned of the payment.
    public var source: Payment.Source

    /// Creates a value from its parts.
    public init(
        billNumber: BillNumber, rrn: String, issuer: String, amount: Rupiah, paidAt: Date, recordedAt: Date,
        source: Payment.Source
    ) {
        self.billNumber = billNumber
        self.rrn = rrn
        self.issuer = issuer
        self.amount = amount
        self.paidAt = paidAt
        self.recordedAt = recordedAt
        self.source = source
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try LedgerValidation.token(rrn, field: "rrn", maximum: 32)
        try LedgerValidation.text(issuer, field: "issuer", maximum: 64)
        try LedgerValidation.positive(amount, field: "amount")
        if let reason = source.reason { try LedgerValidation.text(reason, field: "reason", maximum: 500) }
    }
}

/// A payment that could not be applied, to record as a ``PaymentException``.
///
/// Idempotent on (bill number, RRN).
public struct PaymentExceptionDraft: Sendable, Hashable {
    /// The bill number exactly as received.
    public var billNumber: String
    /// The retrieval reference number (ISO 8583 field 37) of the payment.
    public var rrn: String
    /// The issuer (the citizen's bank or e-wallet).
    public var issuer: String
    /// The amount in whole rupiah.
    public var amount: Rupiah
    /// When the citizen paid (acquirer time).
    public var paidAt: Date
    /// When the ledger recorded it.
    public var recordedAt: Date
    /// Where the ledger learned of the payment.
    public var source: Payment.Source
    /// Why the payment could not be applied.
    public var reason: PaymentException.Reason
    /// What a person needs to resolve it.
    public var detail: String

    /// Creates a value from its parts.
    public init(
        billNumber: String, rrn: String, issuer: String, amount: Rupiah, paidAt: Date, recordedAt: Date,
        source: Payment.Source, reason: PaymentException.Reason, detail: String
    ) {
        self.billNumber = billNumber
        self.rrn = rrn
        self.issuer = issuer
        self.amount = amount
        self.paidAt = paidAt
        self.recordedAt = recordedAt
        self.source = source
        self.reason = reason
        self.detail = detail
    }

    /// Checks every field; throws the first problem with its field name. The bill number only has
    /// to be printable: it is whatever the acquirer sent.
    public func validate() throws {
        try LedgerValidation.text(billNumber, field: "billNumber", maximum: 64)
        try LedgerValidation.token(rrn, field: "rrn", maximum: 32)
        try LedgerValidation.text(issuer, field: "issuer", maximum: 64)
        try LedgerValidation.text(detail, field: "detail", maximum: 500)
        if let reason = source.reason { try LedgerValidation.text(reason, field: "reason", maximum: 500) }
        guard amount.value >= 0 else {
            throw LedgerError(.invalidField, "amount must not be negative, is \(amount.value)", field: "amount")
        }
    }
}
