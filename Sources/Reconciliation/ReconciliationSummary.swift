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

    /// Running totals without a key (a plain value type, cheap to update in the hot loop).
    private struct Tally {
        var count = 0
        var gross: Int64 = 0
        var mdr: Int64 = 0
        var net: Int64 = 0

        // Wrapping adds: amounts are capped at 12 digits, so real files never wrap, and no input traps.
        @inline(__always)
        mutating func add(_ gross: Int64, _ mdr: Int64, _ net: Int64) {
            count += 1
            self.gross &+= gross
            self.mdr &+= mdr
            self.net &+= net
        }

        func line(_ key: String) -> Line { Line(key: key, count: count, gross: gross, mdr: mdr, net: net) }
    }

    /// Builds the summary of `result`.
    public init(_ result: ReconciliationResult) {
        let rows = result.file.rows.records
        let invoices = result.invoices
        let records = invoices.records
        let rowInvoices = result.rowInvoices
        let rowCategories = result.rowCategories
        let expectedFees = result.expectedFees
        let labelCount = invoices.labels.count
        let issuerCount = result.file.rows.labels.count
        var category = [Tally](repeating: Tally(), count: 9)
        var byLabel = [Tally](repeating: Tally(), count: labelCount * 5 + 5)
        var byIssuer = [Tally](repeating: Tally(), count: issuerCount)
        var hours = [Int64](repeating: 0, count: (labelCount + 1) * 24)
        var totals = Tally()
        let offset = Int64(result.options.utcOffsetSeconds)
        let none = InvoiceTable.none
        for r in 0..<rows.count {
            let row = rows[r]
            let mdr = row.fee != none ? row.fee : (row.net != none ? row.gross - row.net : expectedFees[r])
            let net = row.net != none ? row.net : row.gross - mdr
            totals.add(row.gross, mdr, net)
            category[rowCategories[r].ordinal].add(row.gross, mdr, net)
            byIssuer[Int(row.issuer)].add(row.gross, mdr, net)
            let i = Int(rowInvoices[r])
            // Slots: 5 dimensions × labelCount, then one unknown slot per dimension.
            if i >= 0 {
                let record = records[i]
                let fee = record.feeCode > 0 ? record.feeCode : record.channel
                byLabel[Int(fee)].add(row.gross, mdr, net)
                byLabel[labelCount + Int(record.zone)].add(row.gross, mdr, net)
                byLabel[2 * labelCount + Int(record.terminal)].add(row.gross, mdr, net)
                byLabel[3 * labelCount + Int(record.attendant)].add(row.gross, mdr, net)
                byLabel[4 * labelCount + Int(record.acquirer)].add(row.gross, mdr, net)
                if !row.isReversal {
                    let hour = Int(((row.time + offset) % 86400 + 86400) % 86400 / 3600)
                    hours[Int(record.zone) * 24 + hour] &+= row.gross
                }
            } else {
                for dimension in 0..<5 { byLabel[5 * labelCount + dimension].add(row.gross, mdr, net) }
            }
        }
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
        self.totals = totals.line("total")
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
