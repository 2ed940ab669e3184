import Foundation

/// A payment to record against an invoice (``LedgerStore/recordPayment(_:)``).
///
/// Idempotent on (bill number, RRN): the acquirer may notify the same payment many times.
public struct PaymentDraft: Sendable, Hashable {
    /// The invoice's bill number (QRIS 62-01 / SNAP partnerReferenceNo as the acquirer echoed it).
    public var billNumber: BillNumber
    /// The retrieval reference number the issuer gave the transaction (ISO 8583 field 37). Unique
    /// per bill number, not overall: RRNs repeat across days and issuers.
    public var rrn: String
    /// The issuer (the citizen's bank or e-wallet), as the acquirer names it.
    public var issuer: String
    /// The amount in whole rupiah.
    public var amount: Rupiah
    /// When the citizen paid (acquirer time).
    public var paidAt: Date
    /// When the ledger recorded it.
    public var recordedAt: Date
    /// Where the ledger learned of the payment.
    public var source: Payment.Source
    /// The acquirer profile and key that verified the notify, for an acquirer notification (`nil`
    /// for other sources, and for payments recorded before the ledger kept it).
    public var verifiedBy: PaymentVerification?

    /// Creates a value from its parts.
    public init(
        billNumber: BillNumber, rrn: String, issuer: String, amount: Rupiah, paidAt: Date, recordedAt: Date,
        source: Payment.Source, verifiedBy: PaymentVerification? = nil
    ) {
        self.billNumber = billNumber
        self.rrn = rrn
        self.issuer = issuer
        self.amount = amount
        self.paidAt = paidAt
        self.recordedAt = recordedAt
        self.source = source
        self.verifiedBy = verifiedBy
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try LedgerValidation.token(rrn, field: "rrn", maximum: 32)
        try LedgerValidation.text(issuer, field: "issuer", maximum: 64)
        try LedgerValidation.positive(amount, field: "amount")
        guard amount.isStorable else {
            throw LedgerError(
                .invalidField,
                "amount \(amount.value) is above the QRIS maximum \(Rupiah.maximumStored.value); "
                    + "record a payment exception",
                field: "amount")
        }
        if let reason = source.reason { try LedgerValidation.text(reason, field: "reason", maximum: 500) }
        try verifiedBy?.validate()
    }
}

/// A payment that could not be applied, to record as a ``PaymentException``.
///
/// Idempotent on (bill number, RRN, body SHA-256): a repeat of the same notify returns the first
/// exception. A repeat with the same (bill number, RRN), reason and amount but another body (a
/// retry the acquirer re-serialised, or one recorded before bodies were hashed) is the same
/// exception too; one that differs in reason or amount is a new one. Build drafts from untrusted
/// input with the `init(fitting:…)` initializer, which cuts every text to fit so that the draft
/// always validates.
public struct PaymentExceptionDraft: Sendable, Hashable {
    /// The bill number as received, 1–64 bytes (it may not even be a valid bill number).
    public var billNumber: String
    /// The retrieval reference number (ISO 8583 field 37) of the payment (printable, at most 32
    /// characters).
    public var rrn: String
    /// The issuer (the citizen's bank or e-wallet; at most 64 bytes).
    public var issuer: String
    /// The amount in whole rupiah, `0` to ``Rupiah/maximumStored``; `nil` when it could not be
    /// stored as money and only ``amountText`` holds it.
    public var amount: Rupiah?
    /// The amount exactly as received, when it is not stored as money
    /// (``PaymentException/Reason/amountOutOfRange``; 1–64 bytes).
    public var amountText: String?
    /// When the citizen paid (acquirer time).
    public var paidAt: Date
    /// When the ledger recorded it.
    public var recordedAt: Date
    /// Where the ledger learned of the payment.
    public var source: Payment.Source
    /// Why the payment could not be applied.
    public var reason: PaymentException.Reason
    /// What a person needs to resolve it (e.g. "invoice amount Rp5.000, paid Rp50.000").
    public var detail: String
    /// The SHA-256 (64 lowercase hex digits) of the notify body exactly as received, when a notify
    /// reported it: the evidence, whatever had to be cut to fit.
    public var bodySHA256: String?
    /// The acquirer profile and key that verified the notify, when a notify reported it.
    public var verifiedBy: PaymentVerification?

    /// Creates a value from its parts.
    public init(
        billNumber: String, rrn: String, issuer: String, amount: Rupiah?, paidAt: Date, recordedAt: Date,
        source: Payment.Source, reason: PaymentException.Reason, detail: String, amountText: String? = nil,
        bodySHA256: String? = nil, verifiedBy: PaymentVerification? = nil
    ) {
        self.billNumber = billNumber
        self.rrn = rrn
        self.issuer = issuer
        self.amount = amount
        self.amountText = amountText
        self.paidAt = paidAt
        self.recordedAt = recordedAt
        self.source = source
        self.reason = reason
        self.detail = detail
        self.bodySHA256 = bodySHA256
        self.verifiedBy = verifiedBy
    }

    /// Checks every field; throws the first problem with its field name. The bill number only has
    /// to be printable: it is whatever the acquirer sent.
    public func validate() throws {
        try LedgerValidation.text(billNumber, field: "billNumber", maximum: 64)
        try LedgerValidation.token(rrn, field: "rrn", maximum: 32)
        try LedgerValidation.text(issuer, field: "issuer", maximum: 64)
        try LedgerValidation.text(detail, field: "detail", maximum: 500)
        if let reason = source.reason { try LedgerValidation.text(reason, field: "reason", maximum: 500) }
        if let amount, !amount.isStorable {
            throw LedgerError(
                .invalidField,
                "amount must be 0 to \(Rupiah.maximumStored.value), is \(amount.value); keep it as amountText",
                field: "amount")
        }
        if let amountText { try LedgerValidation.text(amountText, field: "amountText", maximum: 64) }
        if amount == nil, amountText == nil {
            throw LedgerError(.invalidField, "an exception needs an amount or the amount's text", field: "amount")
        }
        if let bodySHA256 {
            guard LedgerValidation.isSHA256Hex(bodySHA256) else {
                throw LedgerError(
                    .invalidField, "bodySHA256 must be 64 lowercase hex digits, got \"\(bodySHA256.prefix(70))\"",
                    field: "bodySHA256")
            }
        }
        try verifiedBy?.validate()
    }
}
