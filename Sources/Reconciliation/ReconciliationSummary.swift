/// Totals of a reconciliation: gross, MDR and net, cut by category, fee, zone, device, attendant,
/// acquirer and issuer, and revenue by zone and hour. Revenue is gross; MDR is a separate cost.
public struct ReconciliationSummary: Sendable {
    /// One line of a breakdown.
    public struct Line: Sendable, Hashable {
        public var key: String
        public var count: Int
        public var gross: Int64
        public var mdr: Int64
        public var net: Int64
    }

    /// All settlement rows.
    public var totals: Line
    public var byCategory: [Line]
    public var byFee: [Line]
    public var byZone: [Line]
    public var byDevice: [Line]
    public var byAttendant: [Line]
    public var byAcquirer: [Line]
    public var byIssuer: [Line]
    /// Zone → gross revenue per local hour 0–23 (success rows matched to an invoice).
    public var revenueByZoneHour: [(zone: String, hours: [Int64])]
    /// Invoices expected to settle (``ExpectedInvoice/expectsSettlement``: every invoice of an export; with the
    /// ledger, those issued on the file's days and not cancelled, settled or refunded), and their total.
    public var invoiceCount: Int
    public var invoiceAmount: Int64

    static let unknown = "(unknown)"

    /// The totals of every row of `result`, one pass (when the matcher did not collect them already).
    static func tally(_ result: ReconciliationResult) -> SummaryTally {
        let rows = result.file.rows.records
        let records = result.invoices.records
        var tally = SummaryTally(
            labelCount: result.invoices.labels.count, issuerCount: result.file.rows.labels.count,
            utcOffsetSeconds: result.options.utcOffsetSeconds)
        for r in 0..<rows.count {
            let i = Int(result.rowInvoices[r])
            tally.add(
                rows[r], result.rowCategories[r], expectedFee: result.expectedFees[r],
                invoice: i >= 0 ? records[i] : nil)
        }
        return tally
    }

    /// Builds the summary of `result`.
    public init(_ result: ReconciliationResult) {
        let invoices = result.invoices
        let tally = result.tally ?? Self.tally(result)
        let labelCount = tally.labelCount
        let issuerCount = tally.byIssuer.count
        let byLabel = tally.byLabel
        let byIssuer = tally.byIssuer
        let hours = tally.hours
        let category = tally.category
        func lines(_ dimension: Int) -> [Line] {
            var list: [Line] = []
            for id in 0..<labelCount where byLabel[dimension * labelCount + id].count > 0 {
                let key =
                    id == 0 ? (dimension == 4 ? result.file.acquirer : "(none)") : invoices.labels.string(Int32(id))
                list.append(byLabel[dimension * labelCount + id].line(key))
            }
            let unknownTally = byLabel[5 * labelCount + dimension]
            if unknownTally.count > 0 { list.append(unknownTally.line(Self.unknown)) }
            return list.sorted { $0.key < $1.key }
        }
        self.totals = tally.totals.line("total")
        byCategory = SettlementCategory.allCases.compactMap { c in
            c == .unpaidInvoice || c == .paidNotSettled ? nil : category[c.ordinal].line(c.rawValue)
        }
        byFee = lines(0)
        byZone = lines(1)
        byDevice = lines(2)
        byAttendant = lines(3)
        byAcquirer = lines(4)
        self.byIssuer = (0..<issuerCount).compactMap { id in
            guard byIssuer[id].count > 0 else { return nil }
            return byIssuer[id].line(id == 0 ? "(none)" : result.file.rows.labels.string(Int32(id)))
        }.sorted { $0.key < $1.key }
        revenueByZoneHour = (0..<labelCount).compactMap { zone in
            let slice = Array(hours[(zone * 24)..<(zone * 24 + 24)])
            guard slice.contains(where: { $0 != 0 }) else { return nil }
            return (zone == 0 ? "(none)" : invoices.labels.string(Int32(zone)), slice)
        }.sorted { $0.zone < $1.zone }
        var count = 0
        var amount: Int64 = 0
        for record in invoices.records where record.expectsSettlement {
            count += 1
            amount &+= record.amount
        }
        invoiceCount = count
        invoiceAmount = amount
    }
}
