/// The running totals behind a ``ReconciliationSummary``: gross, MDR and net by category, by invoice label
/// (fee, zone, device, attendant, acquirer), by issuer, and gross by zone and local hour.
///
/// The matcher fills one per core while it classifies the rows (the invoice record is in cache then) and
/// merges them; the summary only names the lines.
struct SummaryTally: Sendable {
    /// Count and amounts of one line (a plain value type, cheap to update in the hot loop).
    struct Tally: Sendable {
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

        @inline(__always)
        mutating func add(_ other: Tally) {
            count += other.count
            gross &+= other.gross
            mdr &+= other.mdr
            net &+= other.net
        }

        func line(_ key: String) -> ReconciliationSummary.Line {
            ReconciliationSummary.Line(key: key, count: count, gross: gross, mdr: mdr, net: net)
        }
    }

    let labelCount: Int
    var totals = Tally()
    var category = [Tally](repeating: Tally(), count: 9)
    /// Slots: 5 dimensions × `labelCount`, then one unknown slot per dimension.
    var byLabel: [Tally]
    var byIssuer: [Tally]
    /// Zone label × 24 local hours: gross of success rows matched to an invoice.
    var hours: [Int64]
    let offset: Int64

    init(labelCount: Int, issuerCount: Int, utcOffsetSeconds: Int) {
        self.labelCount = labelCount
        byLabel = [Tally](repeating: Tally(), count: labelCount * 5 + 5)
        byIssuer = [Tally](repeating: Tally(), count: issuerCount)
        hours = [Int64](repeating: 0, count: (labelCount + 1) * 24)
        offset = Int64(utcOffsetSeconds)
    }

    /// Adds settlement row `row` with its category, the MDR the schedule expects and its invoice, if any.
    @inline(__always)
    mutating func add(
        _ row: SettlementTable.Record, _ category: SettlementCategory, expectedFee: Int64,
        invoice: InvoiceTable.Record?
    ) {
        let none = InvoiceTable.none
        let mdr = row.fee != none ? row.fee : (row.net != none ? row.gross - row.net : expectedFee)
        let net = row.net != none ? row.net : row.gross - mdr
        totals.add(row.gross, mdr, net)
        self.category[category.ordinal].add(row.gross, mdr, net)
        byIssuer[Int(row.issuer)].add(row.gross, mdr, net)
        guard let record = invoice else {
            for dimension in 0..<5 { byLabel[5 * labelCount + dimension].add(row.gross, mdr, net) }
            return
        }
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
    }

    /// Adds another tally of the same reconciliation (the other core's rows).
    mutating func merge(_ other: SummaryTally) {
        totals.add(other.totals)
        for i in category.indices { category[i].add(other.category[i]) }
        for i in byLabel.indices { byLabel[i].add(other.byLabel[i]) }
        for i in byIssuer.indices { byIssuer[i].add(other.byIssuer[i]) }
        for i in hours.indices { hours[i] &+= other.hours[i] }
    }
}
