import Ledger

/// One line of the exception list.
public struct ReconciliationException: Sendable, Hashable {
    public var category: SettlementCategory
    public var reason: String
    /// The settlement file line (nil for invoice exceptions).
    public var line: Int?
    public var rrn: String?
    public var billNumber: String?
    public var referenceLabel: String?
    public var invoiceID: String?
    public var expectedAmount: Rupiah?
    public var settledAmount: Rupiah?
    public var expectedFee: Rupiah?
    public var statedFee: Rupiah?
    /// Payment time, UTC seconds.
    public var transactionTime: Int64?
    public var settlementDate: CivilDate?
    public var dueDate: CivilDate?
    public var zone: String?
    public var terminalID: String?
    public var attendantID: String?
    public var issuer: String?
    /// For `unknown_bill` rows: a key-less proposal to confirm by hand; never applied automatically.
    public var probableInvoiceID: String?
}
