import Ledger
import Foundation

/// Matches a settlement file against the expected invoices and gives every row and invoice a category.
///
/// Keys, in order: the bill number (QRIS 62-01), the reference label (62-05), the RRN already known from
/// a payment notification. Each row gets the first category that applies in
/// ``SettlementCategory/rowPriority``. Rows no key finds may get a *probable* invoice (same terminal and
/// amount, paid inside the QR's validity window) for a person to confirm; that never changes their
/// category.
public struct Reconciler: Sendable {
    /// Matching options.
    public struct Options: Sendable {
        /// The fee schedule.
        public var schedule: MDRSchedule
        /// Working days for T+N.
        public var calendar: HolidayCalendar
        /// N in T+N working days.
        public var settlementDays: Int
        /// UTC offset of the city (local dates and hours).
        public var utcOffsetSeconds: Int
        /// The MDR category for invoices that do not carry one.
        public var defaultMerchantCategory: String?
        /// The MCC for invoices that do not carry one.
        public var defaultMCC: String?
        /// How long after a QR expires a key-less payment may still be proposed as probable.
        public var probableWindowSeconds: Int64 = 3600
        /// Allowed MDR difference in rupiah before `fee_mismatch`.
        public var feeTolerance: Int64 = 1

        /// Creates options.
        public init(
            schedule: MDRSchedule, calendar: HolidayCalendar, settlementDays: Int, utcOffsetSeconds: Int,
            defaultMerchantCategory: String? = nil, defaultMCC: String? = nil
        ) {
            self.schedule = schedule
            self.calendar = calendar
            self.settlementDays = settlementDays
            self.utcOffsetSeconds = utcOffsetSeconds
            self.defaultMerchantCategory = defaultMerchantCategory
            self.defaultMCC = defaultMCC
        }
    }

    public var options: Options

    /// Creates a reconciler.
    public init(options: Options) { self.options = options }

    /// Reconciles `file` against `invoices`.
    public func reconcile(_ file: SettlementFile, against invoices: InvoiceTable) -> ReconciliationResult {
        let rows = file.rows.records
        let keys = file.rows.keys
        // 1. Find each row's invoice by bill number, on both cores (read-only lookups; each row written by
        // one thread); then by reference label and by notified RRN for the few rows that found nothing.
        var rowInvoice = [Int32](repeating: -1, count: rows.count)
        rowInvoice.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }  // no rows
            let output = SharedOutput(base: base)
            Self.onBothCores(rows.count) { range in
                for r in range { output.base[r] = Self.findInvoiceByBill(rows[r], keys, invoices) }
            }
        }
        let unmatched = rowInvoice.indices.filter { rowInvoice[$0] < 0 }
        let byReference = unmatched.filter { !keys.isEmpty(rows[$0].reference) }
        let references = ReferenceIndex(rows: byReference, of: file.rows, invoices: invoices)
        for r in unmatched {
            rowInvoice[r] = Self.findInvoiceByOtherKeys(rows[r], keys, invoices, references)
        }
        // 2. The first successful payment of each invoice (sequential: rows compete for an invoice).
        var primary = [Int32](repeating: -1, count: invoices.count)
        for r in 0..<rows.count {
            let found = rowInvoice[r]
            guard found >= 0, !rows[r].isReversal else { continue }
            let current = primary[Int(found)]
            if current < 0 || precedes(r, Int(current), invoice: Int(found), file.rows, invoices) {
                primary[Int(found)] = Int32(r)
            }
        }
        // 3. Due date, expected MDR and category of each row, on both cores.
        var categories = [SettlementCategory](repeating: .matched, count: rows.count)
        var expectedFees = [Int64](repeating: 0, count: rows.count)
        var dueDays = [Int32](repeating: 0, count: rows.count)
        let labelText = (0..<invoices.labels.count).map { invoices.labels.string(Int32($0)) }
        let invoiceTable = rowInvoice
        let primaryTable = primary
        // The summary's totals are collected here, one tally per core, while each row's invoice is in cache.
        let emptyTally = SummaryTally(
            labelCount: invoices.labels.count, issuerCount: file.rows.labels.count,
            utcOffsetSeconds: options.utcOffsetSeconds)
        var tallies = [emptyTally, emptyTally]
        let records = invoices.records
        tallies.withUnsafeMutableBufferPointer { tallyBuffer in
            categories.withUnsafeMutableBufferPointer { categoryBuffer in
                expectedFees.withUnsafeMutableBufferPointer { feeBuffer in
                    dueDays.withUnsafeMutableBufferPointer { dueBuffer in
                        guard let categoryBase = categoryBuffer.baseAddress, let feeBase = feeBuffer.baseAddress,
                            let dueBase = dueBuffer.baseAddress
                        else { return }  // no rows
                        let outCategories = SharedOutput(base: categoryBase)
                        let outFees = SharedOutput(base: feeBase)
                        let outDue = SharedOutput(base: dueBase)
                        let outTallies = SharedOutput(base: tallyBuffer.baseAddress!)
                        Self.onBothCores(rows.count) { range in
                            var classifier = RowClassifier(reconciler: self, invoices: invoices, labelText: labelText)
                            var tally = emptyTally
                            for r in range {
                                let invoice = invoiceTable[r]
                                let (category, fee, due) = classifier.classify(rows[r], r, invoice, primaryTable)
                                outCategories.base[r] = category
                                outFees.base[r] = fee
                                outDue.base[r] = due
                                tally.add(
                                    rows[r], category, expectedFee: fee,
                                    invoice: invoice >= 0 ? records[Int(invoice)] : nil)
                            }
                            outTallies.base[range.lowerBound == 0 ? 0 : 1] = tally
                        }
                    }
                }
            }
        }
        var tally = tallies[0]
        tally.merge(tallies[1])
        var invoiceCategories = [SettlementCategory?](repeating: nil, count: invoices.count)
        for (i, record) in invoices.records.enumerated() where primary[i] < 0 && record.expectsSettlement {
            invoiceCategories[i] =
                record.paidAt != InvoiceTable.none || record.rrn >= 0 ? .paidNotSettled : .unpaidInvoice
        }
        var result = ReconciliationResult(
            file: file, invoices: invoices, options: options, rowCategories: categories, rowInvoices: rowInvoice,
            expectedFees: expectedFees, dueDays: dueDays, invoiceCategories: invoiceCategories)
        result.tally = tally
        result.probable = proposeProbable(file, invoices, rowInvoice, invoiceCategories)
        result.warnings = warnings(file)
        return result
    }

    /// Runs `body` on two halves of `0..<count` concurrently (small inputs run on one thread).
    static func onBothCores(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count >= 10_000 else {
            body(0..<count)
            return
        }
        let middle = count / 2
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            body(part == 0 ? 0..<middle : middle..<count)
        }
    }

    /// The invoice a row's bill number names, or -1.
    @inline(__always)
    static func findInvoiceByBill(
        _ row: SettlementTable.Record, _ keys: StringArena, _ invoices: InvoiceTable
    ) -> Int32 {
        if keys.isEmpty(row.bill) { return -1 }
        return keys.withBytes(row.bill) { invoices.bills.find($0) } ?? -1
    }

    /// For a row whose bill number found nothing: the invoice its reference label names, else the one a
    /// notification reported its RRN for; or a negative value.
    static func findInvoiceByOtherKeys(
        _ row: SettlementTable.Record, _ keys: StringArena, _ invoices: InvoiceTable, _ references: ReferenceIndex
    ) -> Int32 {
        var found: Int32 = -1
        if !keys.isEmpty(row.reference) {
            found = keys.withBytes(row.reference) { references.owner($0) }
        }
        if found < 0, let id = keys.withBytes(row.rrn, { invoices.rrns.find($0) }) {
            found = invoices.rrnOwner[Int(id)]
        }
        return found
    }

    /// Per-thread state for step 3: caches of due dates and MDR rates.
    struct RowClassifier {
        let reconciler: Reconciler
        let invoices: InvoiceTable
        let labelText: [String]
        var dueCache: [Int32: Int32] = [:]
        var lastDay = Int32.min
        var lastDue: Int32 = 0
        var rateCache: [RateKey: Int] = [:]

        init(reconciler: Reconciler, invoices: InvoiceTable, labelText: [String]) {
            self.reconciler = reconciler
            self.invoices = invoices
            self.labelText = labelText
        }

        mutating func classify(
            _ row: SettlementTable.Record, _ r: Int, _ invoice: Int32, _ primary: [Int32]
        ) -> (SettlementCategory, Int64, Int32) {
            let options = reconciler.options
            let localDay = Int32(CivilDate(utcSeconds: row.time, offsetSeconds: options.utcOffsetSeconds).daysSince1970)
            let due: Int32
            if localDay == lastDay {
                due = lastDue
            } else {
                if let cached = dueCache[localDay] {
                    due = cached
                } else {
                    due = Int32(
                        options.calendar.addingWorkingDays(
                            options.settlementDays, to: CivilDate(daysSince1970: Int(localDay))
                        ).daysSince1970)
                    dueCache[localDay] = due
                }
                lastDay = localDay
                lastDue = due
            }
            var bp = options.schedule.defaultBasisPoints
            if !options.schedule.rates.isEmpty {
                let record = invoice >= 0 ? invoices.records[Int(invoice)] : nil
                let key = RateKey(
                    category: record?.merchantCategory ?? 0, mcc: record?.mcc ?? 0, day: localDay, gross: row.gross)
                if let cached = rateCache[key] {
                    bp = cached
                } else {
                    let category = key.category > 0 ? labelText[Int(key.category)] : options.defaultMerchantCategory
                    let mcc = key.mcc > 0 ? labelText[Int(key.mcc)] : options.defaultMCC
                    bp = options.schedule.basisPoints(
                        category: category, mcc: mcc, on: CivilDate(daysSince1970: Int(localDay)), gross: row.gross)
                    rateCache[key] = bp
                }
            }
            let fee = MDRSchedule.fee(gross: row.gross, basisPoints: bp)
            return (reconciler.classify(row, r, invoice, primary, invoices, fee, due), fee, due)
        }
    }

    struct RateKey: Hashable {
        var category: Int32
        var mcc: Int32
        var day: Int32
        var gross: Int64
    }

    @inline(__always)
    func classify(
        _ row: SettlementTable.Record, _ r: Int, _ invoice: Int32, _ primary: [Int32], _ invoices: InvoiceTable,
        _ expectedFee: Int64, _ due: Int32
    ) -> SettlementCategory {
        if invoice < 0 { return .unknownBill }
        if row.isReversal { return .reversal }
        if primary[Int(invoice)] != Int32(r) { return .duplicatePayment }
        if row.gross != invoices.records[Int(invoice)].amount { return .amountMismatch }
        let fee = row.fee != InvoiceTable.none ? row.fee : (row.net != InvoiceTable.none ? row.gross - row.net : nil)
        if let fee, abs(fee - expectedFee) > options.feeTolerance { return .feeMismatch }
        if row.settlementDay > due { return .lateSettlement }
        return .matched
    }

    /// Whether row `a` is the first payment of the invoice rather than row `b`: the RRN the notification
    /// reported wins, then the earlier time, then the smaller RRN.
    private func precedes(_ a: Int, _ b: Int, invoice: Int, _ rows: SettlementTable, _ invoices: InvoiceTable) -> Bool {
        let ra = rows.records[a]
        let rb = rows.records[b]
        let known = invoices.records[invoice].rrn
        if known >= 0 {
            let knownA = rows.keys.withBytes(ra.rrn) { invoices.rrns.find($0) } == known
            let knownB = rows.keys.withBytes(rb.rrn) { invoices.rrns.find($0) } == known
            if knownA != knownB { return knownA }
        }
        if ra.time != rb.time { return ra.time < rb.time }
        return rows.keys.withBytes(ra.rrn) { x in rows.keys.withBytes(rb.rrn) { y in x.lexicographicallyPrecedes(y) } }
    }

    /// Key-less proposals: an unknown row's terminal and amount against unsettled invoices whose QR was
    /// valid at the payment time (issued before it, expired at most the window before it).
    private func proposeProbable(
        _ file: SettlementFile, _ invoices: InvoiceTable, _ rowInvoice: [Int32],
        _ invoiceCategories: [SettlementCategory?]
    ) -> [Int: Int] {
        let unknown = rowInvoice.indices.filter { rowInvoice[$0] < 0 && !file.rows.records[$0].isReversal }
        guard !unknown.isEmpty else { return [:] }
        struct Key: Hashable {
            var terminal: String
            var amount: Int64
        }
        var open: [Key: [Int]] = [:]
        for (i, category) in invoiceCategories.enumerated() where category != nil {
            let record = invoices.records[i]
            guard record.terminal > 0 else { continue }
            open[Key(terminal: invoices.labels.string(record.terminal), amount: record.amount), default: []].append(i)
        }
        var proposals: [Int: Int] = [:]
        var taken = Set<Int>()
        for r in unknown {
            let row = file.rows.records[r]
            guard row.terminal > 0,
                let candidates = open[Key(terminal: file.rows.labels.string(row.terminal), amount: row.gross)]
            else { continue }
            var best: Int?
            for i in candidates where !taken.contains(i) {
                let record = invoices.records[i]
                guard record.issuedAt <= row.time, row.time <= record.expiresAt + options.probableWindowSeconds else {
                    continue
                }
                if best == nil || invoices.records[best!].issuedAt < record.issuedAt { best = i }
            }
            if let best {
                proposals[r] = best
                taken.insert(best)
            }
        }
        return proposals
    }

    private func warnings(_ file: SettlementFile) -> [String] {
        guard let period = file.rows.settlementPeriod else { return ["the settlement file has no rows"] }
        var years = Set<Int>()
        for day in stride(from: period.lowerBound.daysSince1970, through: period.upperBound.daysSince1970, by: 1) {
            let date = CivilDate(daysSince1970: Int(day))
            if !options.calendar.covers(date) { years.insert(date.components.year) }
        }
        return years.sorted().map {
            "the holiday calendar has no data for \($0): only weekends count as non-working days that year"
        }
    }
}

/// A pointer into an array that two threads write at disjoint indexes.
///
/// `@unchecked Sendable` is safe here because ``Reconciler/onBothCores(_:_:)`` gives each thread a
/// disjoint index range, the buffer outlives the concurrent work (it is used inside
/// `withUnsafeMutableBufferPointer`), and `concurrentPerform` returns only after both halves finish.
struct SharedOutput<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
