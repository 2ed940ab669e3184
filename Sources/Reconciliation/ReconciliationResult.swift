import Ledger

/// The outcome of one reconciliation: a category for every settlement row and every unsettled invoice.
public struct ReconciliationResult: Sendable {
    /// The file that was reconciled.
    public let file: SettlementFile
    /// The invoices it was reconciled against.
    public let invoices: InvoiceTable
    /// The options used.
    public let options: Reconciler.Options
    /// Category of each settlement row, in file order.
    public let rowCategories: [SettlementCategory]
    /// The invoice each row matched (index into ``invoices``), or -1.
    public let rowInvoices: [Int32]
    /// The MDR the schedule expects for each row.
    public let expectedFees: [Int64]
    /// The T+N due date of each row (days since 1970).
    let dueDays: [Int32]
    /// `unpaid_invoice` or `paid_not_settled` for invoices no success row settled; nil for settled ones.
    public let invoiceCategories: [SettlementCategory?]
    /// Key-less proposals: row index → invoice index, for a person to confirm.
    public internal(set) var probable: [Int: Int] = [:]
    /// Things the reader of the report should know (calendar gaps).
    public internal(set) var warnings: [String] = []
    /// The summary's totals, collected by the matcher (nil: ``ReconciliationSummary`` computes them).
    var tally: SummaryTally?

    init(
        file: SettlementFile, invoices: InvoiceTable, options: Reconciler.Options, rowCategories: [SettlementCategory],
        rowInvoices: [Int32], expectedFees: [Int64], dueDays: [Int32], invoiceCategories: [SettlementCategory?]
    ) {
        self.file = file
        self.invoices = invoices
        self.options = options
        self.rowCategories = rowCategories
        self.rowInvoices = rowInvoices
        self.expectedFees = expectedFees
        self.dueDays = dueDays
        self.invoiceCategories = invoiceCategories
    }

    /// The number of rows and invoices in each category (all nine keys present).
    public var counts: [SettlementCategory: Int] {
        var counts = Dictionary(uniqueKeysWithValues: SettlementCategory.allCases.map { ($0, 0) })
        var tally = [Int](repeating: 0, count: SettlementCategory.allCases.count)
        for category in rowCategories { tally[category.ordinal] += 1 }
        for category in invoiceCategories { if let category { tally[category.ordinal] += 1 } }
        for category in SettlementCategory.allCases { counts[category] = tally[category.ordinal] }
        return counts
    }

    /// The fee the file states for row `r`, or derived from gross − net, or nil.
    func statedFee(_ r: Int) -> Int64? {
        let row = file.rows.records[r]
        if row.fee != InvoiceTable.none { return row.fee }
        if row.net != InvoiceTable.none { return row.gross - row.net }
        return nil
    }

    /// Every exception: rows not `matched`, then unsettled invoices, each with its reason.
    public var exceptions: [ReconciliationException] {
        var list: [ReconciliationException] = []
        for (r, category) in rowCategories.enumerated() where category != .matched {
            list.append(exception(row: r, category: category))
        }
        for (i, category) in invoiceCategories.enumerated() {
            guard let category else { continue }
            list.append(exception(invoice: i, category: category))
        }
        return list
    }

    /// The exception of settlement row `r` (file order), or nil when the row is `matched`: one row's
    /// entry of ``exceptions``, without building the others.
    public func exception(row r: Int) -> ReconciliationException? {
        let category = rowCategories[r]
        return category == .matched ? nil : exception(row: r, category: category)
    }

    private func exception(row r: Int, category: SettlementCategory) -> ReconciliationException {
        let row = file.rows[r]
        let invoiceIndex = Int(rowInvoices[r])
        let invoice = invoiceIndex >= 0 ? invoices[invoiceIndex] : nil
        let expectedFee = expectedFees[r]
        let stated = statedFee(r)
        let due = CivilDate(daysSince1970: Int(dueDays[r]))
        let reason: String
        switch category {
        case .unknownBill:
            reason =
                "no invoice has bill number \(row.billNumber ?? "-"), reference label \(row.referenceLabel ?? "-") or RRN \(row.rrn)"
        case .reversal: reason = "refund/reversal of \(Rupiah(-row.grossAmount.value).formatted)"
        case .duplicatePayment:
            reason = "bill \(invoice?.billNumber ?? "") was already paid by an earlier successful row"
        case .amountMismatch:
            reason = "settled \(row.grossAmount.formatted), invoice is \(invoice?.amount.formatted ?? "")"
        case .feeMismatch:
            reason = "MDR \(Rupiah(stated ?? 0).formatted), schedule says \(Rupiah(expectedFee).formatted)"
        case .lateSettlement:
            reason = "settled \(row.settlementDate), due by \(due) (T+\(options.settlementDays) working days)"
        default: reason = category.explanation
        }
        let probableIndex = probable[r]
        return ReconciliationException(
            category: category, reason: reason, line: row.line, rrn: row.rrn,
            billNumber: row.billNumber ?? invoice?.billNumber,
            referenceLabel: row.referenceLabel, invoiceID: invoice?.invoiceID, expectedAmount: invoice?.amount,
            settledAmount: row.grossAmount, expectedFee: Rupiah(expectedFee), statedFee: stated.map(Rupiah.init),
            transactionTime: row.transactionTime, settlementDate: row.settlementDate, dueDate: due,
            zone: invoice?.zone, terminalID: invoice?.terminalID ?? row.terminalID, attendantID: invoice?.attendantID,
            issuer: row.issuer, probableInvoiceID: probableIndex.map { invoices[$0].invoiceID })
    }

    private func exception(invoice i: Int, category: SettlementCategory) -> ReconciliationException {
        let invoice = invoices[i]
        let reason =
            category == .paidNotSettled
            ? "payment notification\(invoice.paymentRRN.map { " (RRN \($0))" } ?? "") but no settlement row"
            : "issued, no settlement row"
        return ReconciliationException(
            category: category, reason: reason, line: nil, rrn: invoice.paymentRRN, billNumber: invoice.billNumber,
            referenceLabel: invoice.referenceLabel, invoiceID: invoice.invoiceID, expectedAmount: invoice.amount,
            settledAmount: nil, expectedFee: nil, statedFee: nil, transactionTime: invoice.paidAt, settlementDate: nil,
            dueDate: nil, zone: invoice.zone, terminalID: invoice.terminalID, attendantID: invoice.attendantID,
            issuer: nil, probableInvoiceID: nil)
    }
}

extension SettlementCategory {
    /// Position in `allCases`, for counting in arrays.
    var ordinal: Int {
        switch self {
        case .matched: 0
        case .amountMismatch: 1
        case .duplicatePayment: 2
        case .feeMismatch: 3
        case .unknownBill: 4
        case .reversal: 5
        case .lateSettlement: 6
        case .unpaidInvoice: 7
        case .paidNotSettled: 8
        }
    }
}
