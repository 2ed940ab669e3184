import Ledger

/// The invoices to reconcile, stored compactly and indexed by bill number, reference label and RRN.
///
/// Fill it from the ledger with ``append(_:)`` or from an export with ``InvoiceCSVReader``. Bill numbers
/// must be unique (they are the join key); a reference label or RRN shared by two invoices is not used
/// as a key for either.
///
/// Reference labels are kept in invoice order and not indexed: only the few settlement rows whose bill
/// number finds nothing are looked up by reference label, so ``ReferenceIndex`` indexes just the labels
/// those rows carry and scans the invoices once (a million inserts into a large hash table cost more).
public struct InvoiceTable: Sendable {
    struct Record: Sendable {
        var amount: Int64
        var issuedAt: Int64
        var expiresAt: Int64
        var paidAt: Int64
        var zone: Int32
        var channel: Int32
        var attendant: Int32
        var terminal: Int32
        var nmid: Int32
        var feeCode: Int32
        var acquirer: Int32
        var merchantCategory: Int32
        var mcc: Int32
        var rrn: Int32
        /// See ``ExpectedInvoice/expectsSettlement`` (fits in the record's padding).
        var expectsSettlement = true
    }

    static let none: Int64 = .min
    static let ambiguous: Int32 = -2

    var records: [Record] = []
    var bills: ByteKeyTable
    var invoiceIDs: StringArena
    /// Reference label (62-05) of each invoice, by invoice index; empty when it has none.
    var references: StringArena
    var rrns = ByteKeyTable()
    var rrnOwner: [Int32] = []
    /// Interned labels (zone, channel, attendant, terminal, NMID, fee code, acquirer, category, MCC).
    var labels = ByteKeyTable()

    /// Creates an empty table; `expectedCount` sizes the indexes up front.
    public init(expectedCount: Int = 0) {
        records.reserveCapacity(expectedCount)
        bills = ByteKeyTable(expectedCount: expectedCount, expectedBytes: expectedCount * 12)
        invoiceIDs = StringArena(expectedCount: expectedCount, expectedBytes: expectedCount * 12)
        references = StringArena(expectedCount: expectedCount, expectedBytes: expectedCount * 12)
        labels.insert("")
    }

    /// The number of invoices.
    public var count: Int { records.count }

    /// Adds an invoice.
    /// - Throws: ``ReconciliationError`` `invoice.invalid` if its bill number is empty or already present.
    public mutating func append(_ invoice: ExpectedInvoice) throws {
        var bill = invoice.billNumber
        let inserted = bill.withUTF8 { bills.insert(UnsafeRawBufferPointer($0)).inserted }
        guard !bill.isEmpty, inserted else {
            throw ReconciliationError(
                .invoiceInvalid,
                bill.isEmpty
                    ? "invoice \(invoice.invoiceID) has an empty bill number"
                    : "bill number \(bill) appears on more than one invoice (again on \(invoice.invoiceID))",
                field: "billNumber", value: bill)
        }
        let index = Int32(records.count)
        invoiceIDs.append(invoice.invoiceID)
        references.append(invoice.referenceLabel ?? "")
        let rrn = invoice.paymentRRN.map { addKey($0, into: &rrns, owners: &rrnOwner, index) } ?? -1
        records.append(
            Record(
                amount: invoice.amount.value, issuedAt: invoice.issuedAt, expiresAt: invoice.expiresAt,
                paidAt: invoice.paidAt ?? Self.none, zone: label(invoice.zone), channel: label(invoice.channel),
                attendant: label(invoice.attendantID), terminal: label(invoice.terminalID),
                nmid: label(invoice.nmid), feeCode: label(invoice.feeCode ?? ""),
                acquirer: label(invoice.acquirer ?? ""),
                merchantCategory: label(invoice.merchantCategory ?? ""), mcc: label(invoice.mcc ?? ""),
                rrn: rrn, expectsSettlement: invoice.expectsSettlement))
    }

    private mutating func label(_ text: String) -> Int32 { labels.insert(text).id }

    private func addKey(
        _ key: String, into table: inout ByteKeyTable, owners: inout [Int32], _ index: Int32
    ) -> Int32 {
        if key.isEmpty { return -1 }
        let (id, inserted) = table.insert(key)
        if inserted { owners.append(index) } else { owners[Int(id)] = Self.ambiguous }
        return id
    }

    /// The invoice at `index`, as a value.
    public subscript(index: Int) -> ExpectedInvoice {
        let r = records[index]
        func text(_ id: Int32) -> String? { id <= 0 ? nil : labels.string(id) }
        return ExpectedInvoice(
            invoiceID: invoiceIDs.string(Int32(index)), billNumber: bills.string(Int32(index)),
            referenceLabel: references.isEmpty(Int32(index)) ? nil : references.string(Int32(index)),
            nmid: labels.string(r.nmid), terminalID: labels.string(r.terminal), zone: labels.string(r.zone),
            channel: labels.string(r.channel), attendantID: labels.string(r.attendant), amount: Rupiah(r.amount),
            issuedAt: r.issuedAt, expiresAt: r.expiresAt, paymentRRN: r.rrn >= 0 ? rrns.string(r.rrn) : nil,
            paidAt: r.paidAt == Self.none ? nil : r.paidAt, feeCode: text(r.feeCode), acquirer: text(r.acquirer),
            merchantCategory: text(r.merchantCategory), mcc: text(r.mcc),
            expectsSettlement: r.expectsSettlement)
    }

    /// Builds a table from any source of expected invoices (the ledger).
    public init(source: some ExpectedInvoiceSource) throws {
        self.init()
        try source.forEachExpectedInvoice { try append($0) }
    }
}
