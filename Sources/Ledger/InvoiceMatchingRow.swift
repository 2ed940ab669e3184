import Foundation

/// What settlement matching reads of one invoice (``LedgerStore/invoicesForMatching(issuedFrom:to:after:limit:)``):
/// the few columns a settlement row is checked against, without the receipt code, idempotency key or
/// the payments themselves.
///
/// A day of a million invoices is read in pages of these, so reconciling against the ledger holds one
/// page of rows at a time instead of every `Invoice` with its payments.
public struct InvoiceMatchingRow: Sendable, Hashable {
    /// Where a page ends: the next page starts after this issue time and id.
    public struct Cursor: Sendable, Hashable {
        /// The last row's issue time, in ledger milliseconds.
        public var issuedMilliseconds: Int64
        /// The last row's id (invoices issued in the same millisecond are ordered by id).
        public var id: Invoice.ID

        /// Creates a cursor.
        public init(issuedMilliseconds: Int64, id: Invoice.ID) {
            self.issuedMilliseconds = issuedMilliseconds
            self.id = id
        }
    }

    public var id: Invoice.ID
    public var billNumber: BillNumber
    public var kind: Invoice.Kind
    public var amount: Rupiah
    /// The QRIS payload the invoice showed (its tags give reference label, NMID and terminal label).
    public var qrisPayload: String
    public var status: InvoiceStatus
    public var issuedAt: Date
    public var expiresAt: Date
    public var deviceID: Device.ID
    public var feeCode: String?
    /// The parking ticket's zone, for an invoice that closes a ticket.
    public var ticketZone: String?
    /// When the invoice was paid (its own payment), if it was.
    public var paidAt: Date?
    /// The RRN and payment time of the payment that paid the invoice: its first payment that is not
    /// an `extra` one, else its first payment (by recording time, then id); nil without payments.
    public var paymentRRN: String?
    public var paymentPaidAt: Date?
    /// The issue time and id of this row, to ask for the page after it.
    public var cursor: Cursor { Cursor(issuedMilliseconds: issuedAt.ledgerMilliseconds, id: id) }

    /// Creates a row (stores build these from their columns).
    public init(
        id: Invoice.ID, billNumber: BillNumber, kind: Invoice.Kind, amount: Rupiah, qrisPayload: String,
        status: InvoiceStatus, issuedAt: Date, expiresAt: Date, deviceID: Device.ID, feeCode: String?,
        ticketZone: String?, paidAt: Date?, paymentRRN: String?, paymentPaidAt: Date?
    ) {
        self.id = id
        self.billNumber = billNumber
        self.kind = kind
        self.amount = amount
        self.qrisPayload = qrisPayload
        self.status = status
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.deviceID = deviceID
        self.feeCode = feeCode
        self.ticketZone = ticketZone
        self.paidAt = paidAt
        self.paymentRRN = paymentRRN
        self.paymentPaidAt = paymentPaidAt
    }
}
