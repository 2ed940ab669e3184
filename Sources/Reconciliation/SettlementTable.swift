import Ledger

/// Whether a settlement row is a payment or takes money back.
public enum SettlementStatus: String, Sendable, Hashable, Codable {
    /// A successful payment.
    case success
    /// A refund or reversal of an earlier payment.
    case reversal
}

/// One row of a settlement file, as a value (reports, tests, the API).
public struct SettlementRow: Sendable, Hashable {
    /// The line in the source file where the row starts (for camt/MT940: the entry's line).
    public var line: Int
    /// Payment time, UTC seconds.
    public var transactionTime: Int64
    /// The day the acquirer settled it.
    public var settlementDate: CivilDate
    /// Retrieval Reference Number.
    public var rrn: String
    public var billNumber: String?
    public var referenceLabel: String?
    public var nmid: String?
    public var terminalID: String?
    public var issuer: String?
    /// Gross amount; negative for reversals.
    public var grossAmount: Rupiah
    /// MDR withheld, when the file states it.
    public var feeAmount: Rupiah?
    /// Net amount, when the file states it.
    public var netAmount: Rupiah?
    public var status: SettlementStatus
    /// The settlement batch, where the file names one (`YYYYMMDD-merchantId`).
    public var batchID: String?
    /// The acquirer's own reference (its reference number, or the refund number).
    public var acquirerReference: String?
    /// The acquirer's merchant id.
    public var merchantID: String?
    /// `12` dynamic, `11` static (QRIS point of initiation).
    public var qrType: String?

    /// Creates a row.
    public init(
        line: Int, transactionTime: Int64, settlementDate: CivilDate, rrn: String, billNumber: String? = nil,
        referenceLabel: String? = nil, nmid: String? = nil, terminalID: String? = nil, issuer: String? = nil,
        grossAmount: Rupiah, feeAmount: Rupiah? = nil, netAmount: Rupiah? = nil, status: SettlementStatus,
        batchID: String? = nil, acquirerReference: String? = nil, merchantID: String? = nil, qrType: String? = nil
    ) {
        self.batchID = batchID
        self.acquirerReference = acquirerReference
        self.merchantID = merchantID
        self.qrType = qrType
        self.line = line
        self.transactionTime = transactionTime
        self.settlementDate = settlementDate
        self.rrn = rrn
        self.billNumber = billNumber
        self.referenceLabel = referenceLabel
        self.nmid = nmid
        self.terminalID = terminalID
        self.issuer = issuer
        self.grossAmount = grossAmount
        self.feeAmount = feeAmount
        self.netAmount = netAmount
        self.status = status
    }
}

/// The rows of one settlement file, stored compactly (about 64 bytes a row plus the key bytes).
public struct SettlementTable: Sendable {
    struct Record: Sendable {
        var time: Int64
        var gross: Int64
        var fee: Int64
        var net: Int64
        var settlementDay: Int32
        var line: Int32
        var bill: Int32
        var reference: Int32
        var rrn: Int32
        var acquirerReference: Int32
        var nmid: Int32
        var terminal: Int32
        var issuer: Int32
        var isReversal: Bool
    }

    var records: [Record] = []
    /// Bill number, reference label, RRN and acquirer reference bytes (4 entries a row; index `4 * row + k`).
    var keys: StringArena
    var labels = ByteKeyTable()

    /// Creates an empty table sized for about `expectedCount` rows.
    public init(expectedCount: Int = 0) {
        records.reserveCapacity(expectedCount)
        keys = StringArena(expectedCount: expectedCount * 4, expectedBytes: expectedCount * 36)
        labels.insert("")
    }

    /// The number of rows.
    public var count: Int { records.count }

    /// Appends a row.
    public mutating func append(_ row: SettlementRow) {
        let base = Int32(keys.count)
        keys.append(row.billNumber ?? "")
        keys.append(row.referenceLabel ?? "")
        keys.append(row.rrn)
        keys.append(row.acquirerReference ?? "")
        records.append(
            Record(
                time: row.transactionTime, gross: row.grossAmount.value, fee: row.feeAmount?.value ?? InvoiceTable.none,
                net: row.netAmount?.value ?? InvoiceTable.none, settlementDay: Int32(row.settlementDate.daysSince1970),
                line: Int32(clamping: row.line), bill: base, reference: base + 1, rrn: base + 2,
                acquirerReference: base + 3,
                nmid: labels.insert(row.nmid ?? "").id, terminal: labels.insert(row.terminalID ?? "").id,
                issuer: labels.insert(row.issuer ?? "").id, isReversal: row.status == .reversal))
    }

    /// The row at `index`, as a value.
    public subscript(index: Int) -> SettlementRow {
        let r = records[index]
        func key(_ i: Int32) -> String? { keys.isEmpty(i) ? nil : keys.string(i) }
        func label(_ i: Int32) -> String? { i == 0 ? nil : labels.string(i) }
        return SettlementRow(
            line: Int(r.line), transactionTime: r.time, settlementDate: CivilDate(daysSince1970: Int(r.settlementDay)),
            rrn: keys.string(r.rrn), billNumber: key(r.bill), referenceLabel: key(r.reference), nmid: label(r.nmid),
            terminalID: label(r.terminal), issuer: label(r.issuer), grossAmount: Rupiah(r.gross),
            feeAmount: r.fee == InvoiceTable.none ? nil : Rupiah(r.fee),
            netAmount: r.net == InvoiceTable.none ? nil : Rupiah(r.net), status: r.isReversal ? .reversal : .success,
            acquirerReference: key(r.acquirerReference))
    }

    /// The earliest and latest settlement dates in the file (the statement period), if any rows.
    public var settlementPeriod: ClosedRange<CivilDate>? {
        guard var low = records.first?.settlementDay else { return nil }
        var high = low
        for r in records {
            low = min(low, r.settlementDay)
            high = max(high, r.settlementDay)
        }
        return CivilDate(daysSince1970: Int(low))...CivilDate(daysSince1970: Int(high))
    }
}
