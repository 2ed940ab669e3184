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
    /// Invoices given, and their total amount.
    public var invoiceCount: Int
    public var invoiceAmount: Int64

    static let unknown = "(unknown)"

    /// Builds the summary of `result`.
    public init(_ result: ReconciliationResult) {
        let rows = result.file.rows.records
        let invoices = result.invoices
        let labelCount = invoices.labels.count
        let issuerCount = result.file.rows.labels.count
        var category = [Line](repeating: Line(key: "", count: 0, gross: 0, mdr: 0, net: 0), count: 9)
        var byLabel = [Line](repeating: Line(key: "", count: 0, gross: 0, mdr: 0, net: 0), count: labelCount * 5 + 5)
        var byIssuer = [Line](repeating: Line(key: "", count: 0, gross: 0, mdr: 0, net: 0), count: issuerCount)
        var hours = [Int64](repeating: 0, count: (labelCount + 1) * 24)
        var totals = Line(key: "total", count: 0, gross: 0, mdr: 0, net: 0)
        let offset = Int64(result.options.utcOffsetSeconds)
        @inline(__always) func add(_ line: inout Line, _ gross: Int64, _ mdr: Int64, _ net: Int64) {
            line.count += 1
            line.gross += gross
            line.mdr += mdr
            line.net += net
        }
        for (r, row) in rows.enumerated() {
            let mdr = result.statedFee(r) ?? result.expectedFees[r]
            let net = row.net != InvoiceTable.none ? row.net : row.gross - mdr
            add(&totals, row.gross, mdr, net)
            let rowCategory = result.rowCategories[r]
            add(&category[rowCategory.ordinal], row.gross, mdr, net)
            add(&byIssuer[Int(row.issuer)], row.gross, mdr, net)
            let i = Int(result.rowInvoices[r])
            // Slots: 5 dimensions × (labelCount + 1), the last of each dimension for unknown.
            if i >= 0 {
                let record = invoices.records[i]
                let fee = record.feeCode > 0 ? record.feeCode : record.channel
                add(&byLabel[Int(fee)], row.gross, mdr, net)
                add(&byLabel[labelCount + Int(record.zone)], row.gross, mdr, net)
                add(&byLabel[2 * labelCount + Int(record.terminal)], row.gross, mdr, net)
                add(&byLabel[3 * labelCount + Int(record.attendant)], row.gross, mdr, net)
                add(&byLabel[4 * labelCount + Int(record.acquirer)], row.gross, mdr, net)
                if !row.isReversal {
                    let hour = Int(((row.time + offset) % 86400 + 86400) % 86400 / 3600)
                    hours[Int(record.zone) * 24 + hour] += row.gross
                }
            } else {
                for dimension in 0..<5 { add(&byLabel[5 * labelCount + dimension], row.gross, mdr, net) }
            }
        }
        func lines(_ dimension: Int) -> [Line] {
            var list: [Line] = []
            for id in 0..<labelCount where byLabel[dimension * labelCount + id].count > 0 {
                var line = byLabel[dimension * labelCount + id]
                line.key =
                    id == 0 ? (dimension == 4 ? result.file.acquirer : "(none)") : invoices.labels.string(Int32(id))
                list.append(line)
            }
            var unknownLine = byLabel[5 * labelCount + dimension]
            if unknownLine.count > 0 {
                unknownLine.key = Self.unknown
                list.append(unknownLine)
            }
            return list.sorted { $0.key < $1.key }
        }
        self.totals = totals
        byCategory = SettlementCategory.allCases.compactMap { c in
            var line = category[c.ordinal]
            line.key = c.rawValue
            return c == .unpaidInvoice || c == .paidNotSettled ? nil : line
        }
        byFee = lines(0)
        byZone = lines(1)
        byDevice = lines(2)
        byAttendant = lines(3)
        byAcquirer = lines(4)
        self.byIssuer = (0..<issuerCount).compactMap { id in
            guard byIssuer[id].count > 0 else { return nil }
            var line = byIssuer[id]
            line.key = id == 0 ? "(none)" : result.file.rows.labels.string(Int32(id))
            return line
        }.sorted { $0.key < $1.key }
        revenueByZoneHour = (0..<labelCount).compactMap { zone in
            let slice = Array(hours[(zone * 24)..<(zone * 24 + 24)])
            guard slice.contains(where: { $0 != 0 }) else { return nil }
            return (zone == 0 ? "(none)" : invoices.labels.string(Int32(zone)), slice)
        }.sorted { $0.zone < $1.zone }
        invoiceCount = invoices.count
        invoiceAmount = invoices.records.reduce(0) { $0 + $1.amount }
    }
}
