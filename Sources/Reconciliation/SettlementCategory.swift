/// The outcome of reconciliation for one settlement row or one invoice.
///
/// Settlement rows get the first category that applies in the order of ``rowPriority``; invoices with no
/// successful settlement row get ``unpaidInvoice`` or ``paidNotSettled``. Raw values are the exact names
/// used in reports and the JSON `counts` object.
public enum SettlementCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case matched
    case amountMismatch = "amount_mismatch"
    case duplicatePayment = "duplicate_payment"
    case feeMismatch = "fee_mismatch"
    case unknownBill = "unknown_bill"
    case reversal
    case lateSettlement = "late_settlement"
    case unpaidInvoice = "unpaid_invoice"
    case paidNotSettled = "paid_not_settled"

    /// The order in which row categories are tested; the first that applies wins.
    public static let rowPriority: [SettlementCategory] = [
        .unknownBill, .reversal, .duplicatePayment, .amountMismatch, .feeMismatch, .lateSettlement, .matched,
    ]

    /// Whether this category is an exception a person must look at.
    public var isException: Bool { self != .matched }

    /// A one-line explanation of the category for reports.
    public var explanation: String {
        switch self {
        case .matched: "settled in full, fee as scheduled, on time"
        case .amountMismatch: "settled gross differs from the invoice amount"
        case .duplicatePayment: "a second successful payment for a bill already paid"
        case .feeMismatch: "MDR differs from the schedule by more than Rp1"
        case .unknownBill: "no issued invoice has this bill number, reference label or RRN"
        case .reversal: "refund or reversal"
        case .lateSettlement: "settled later than the profile's T+N working days"
        case .unpaidInvoice: "invoice issued, no settlement row"
        case .paidNotSettled: "a payment notification said paid, no settlement row"
        }
    }
}
