import Ledger

/// What the matcher needs to know about one issued invoice.
///
/// The ledger (or an invoice export read by ``InvoiceCSVReader``) feeds these into an ``InvoiceTable``.
/// Times are UTC seconds since 1970. The bill number is QRIS tag 62-01, the reference label 62-05.
public struct ExpectedInvoice: Sendable, Hashable {
    /// The invoice's own identifier.
    public var invoiceID: String
    /// QRIS 62-01 bill number: the primary join key; unique among the invoices given.
    public var billNumber: String
    /// QRIS 62-05 reference label, if the invoice carries one (second key).
    public var referenceLabel: String?
    /// National Merchant ID of the merchant account that issued the QR.
    public var nmid: String
    /// Terminal label (QRIS 62-07).
    public var terminalID: String
    /// City zone (for parking: the street section).
    public var zone: String
    /// Revenue channel (`PARKIR`, `RETRIBUSI_PASAR`, ...).
    public var channel: String
    /// The attendant or device that issued the invoice.
    public var attendantID: String
    /// The amount due.
    public var amount: Rupiah
    /// When the invoice was issued (UTC seconds).
    public var issuedAt: Int64
    /// When the QR expires (UTC seconds).
    public var expiresAt: Int64
    /// The RRN from a payment notification, if one arrived (third key).
    public var paymentRRN: String?
    /// When the notification said it was paid (UTC seconds).
    public var paidAt: Int64?
    /// The tariff or fee code (for the "by fee" summary).
    public var feeCode: String?
    /// The acquirer that processed the payment, if known from the notification.
    public var acquirer: String?
    /// The merchant's MDR category (`UMI`, `UKE`, `P2G`, ...) for the fee check.
    public var merchantCategory: String?
    /// The merchant category code (ISO 18245), if the schedule distinguishes by it.
    public var mcc: String?
    /// Whether the invoice is reported as `unpaid_invoice` / `paid_not_settled` when no row settles it.
    /// False for invoices that are only match candidates: issued outside the file's own days (the
    /// ledger adapter's look-back and tail), cancelled, already settled or refunded.
    public var expectsSettlement: Bool

    /// Creates an expected invoice.
    public init(
        invoiceID: String, billNumber: String, referenceLabel: String? = nil, nmid: String = "",
        terminalID: String = "", zone: String = "", channel: String = "", attendantID: String = "",
        amount: Rupiah, issuedAt: Int64, expiresAt: Int64, paymentRRN: String? = nil, paidAt: Int64? = nil,
        feeCode: String? = nil, acquirer: String? = nil, merchantCategory: String? = nil, mcc: String? = nil,
        expectsSettlement: Bool = true
    ) {
        self.invoiceID = invoiceID
        self.billNumber = billNumber
        self.referenceLabel = referenceLabel
        self.nmid = nmid
        self.terminalID = terminalID
        self.zone = zone
        self.channel = channel
        self.attendantID = attendantID
        self.amount = amount
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.paymentRRN = paymentRRN
        self.paidAt = paidAt
        self.feeCode = feeCode
        self.acquirer = acquirer
        self.merchantCategory = merchantCategory
        self.mcc = mcc
        self.expectsSettlement = expectsSettlement
    }
}

/// A source of expected invoices, so the ledger can feed the matcher without an export file.
public protocol ExpectedInvoiceSource: Sendable {
    /// Calls `body` with every invoice that should be reconciled (issued in the period, any state).
    func forEachExpectedInvoice(_ body: (ExpectedInvoice) throws -> Void) throws
}
