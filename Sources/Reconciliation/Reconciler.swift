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
        var rowInvoice = [Int32](repeating: -1, count: rows.count)
        var primary = [Int32](repeating: -1, count: invoices.count)
        for (r, row) in rows.enumerated() {
            var found: Int32 = -1
            if !keys.isEmpty(row.bill) {
                found = keys.withBytes(row.bill) { invoices.bills.find($0) } ?? -1
            }
            if found < 0, !keys.isEmpty(row.reference) {
                if let id = keys.withBytes(row.reference, { invoices.references.find($0) }) {
                    found = invoices.referenceOwner[Int(id)]
                }
            }
            if found < 0, let id = keys.withBytes(row.rrn, { invoices.rrns.find($0) }) {
                found = invoices.rrnOwner[Int(id)]
            }
            guard found >= 0 else { continue }
            rowInvoice[r] = found
            if row.isReversal { continue }
            let current = primary[Int(found)]
            if current < 0 || precedes(r, Int(current), invoice: Int(found), file.rows, invoices) {
                primary[Int(found)] = Int32(r)
            }
        }
        var categories = [SettlementCategory](repeating: .matched, count: rows.count)
        var expectedFees = [Int64](repeating: 0, count: rows.count)
        var dueDays = [Int32](repeating: 0, count: rows.count)
        var dueCache: [Int32: Int32] = [:]
        var lastDay = Int32.min
        var lastDue: Int32 = 0
        var rateCache: [RateKey: Int] = [:]
        let labelText = (0..<invoices.labels.count).map { invoices.labels.string(Int32($0)) }
        let flat = options.schedule.rates.isEmpty
        for (r, row) in rows.enumerated() {
            let localDay = CivilDate(utcSeconds: row.time, offsetSeconds: options.utcOffsetSeconds).day
            if localDay == lastDay {
                dueDays[r] = lastDue
            } else if let due = dueCache[localDay] {
                dueDays[r] = due
                lastDay = localDay
                lastDue = due
            } else {
                let due = options.calendar.addingWorkingDays(options.settlementDays, to: CivilDate(day: localDay)).day
                dueCache[localDay] = due
                dueDays[r] = due
            }
            let invoice = rowInvoice[r]
            var bp = options.schedule.defaultBasisPoints
            if !flat {
                let record = invoice >= 0 ? invoices.records[Int(invoice)] : nil
                let key = RateKey(
                    category: record?.merchantCategory ?? 0, mcc: record?.mcc ?? 0, day: localDay, gross: row.gross)
                if let cached = rateCache[key] {
                    bp = cached
                } else {
                    let category = key.category > 0 ? labelText[Int(key.category)] : options.defaultMerchantCategory
                    let mcc = key.mcc > 0 ? labelText[Int(key.mcc)] : options.defaultMCC
                    bp = options.schedule.basisPoints(
                        category: category, mcc: mcc, on: CivilDate(day: localDay), gross: row.gross)
                    rateCache[key] = bp
                }
            }
            expectedFees[r] = MDRSchedule.fee(gross: row.gross, basisPoints: bp)
            categories[r] = classify(row, r, invoice, primary, invoices, expectedFees[r], dueDays[r])
        }
        var invoiceCategories = [SettlementCategory?](repeating: nil, count: invoices.count)
        for (i, record) in invoices.records.enumerated() where primary[i] < 0 {
            invoiceCategories[i] =
                record.paidAt != InvoiceTable.none || record.rrn >= 0 ? .paidNotSettled : .unpaidInvoice
        }
        var result = ReconciliationResult(
            file: file, invoices: invoices, options: options, rowCategories: categories, rowInvoices: rowInvoice,
            expectedFees: expectedFees, dueDays: dueDays, invoiceCategories: invoiceCategories)
        result.probable = proposeProbable(file, invoices, rowInvoice, invoiceCategories)
        result.warnings = warnings(file)
        return result
    }

    private struct RateKey: Hashable {
        var category: Int32
        var mcc: Int32
        var day: Int32
        var gross: Int64
    }

    @inline(__always)
    private func classify(
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
        for day in stride(from: period.lowerBound.day, through: period.upperBound.day, by: 1) {
            let date = CivilDate(day: day)
            if !options.calendar.covers(date) { years.insert(date.components.year) }
        }
        return years.sorted().map {
            "the holiday calendar has no data for \($0): only weekends count as non-working days that year"
        }
    }
}
