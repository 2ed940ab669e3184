import Ledger
import Foundation

/// Writes a day of synthetic invoices and the acquirer settlement file that goes with them, with the
/// category every row and invoice must get: the benchmark and the known-answer tests use it.
///
/// Mix per invoice (like `research/reconciliation.md` §3.1): 96.5% paid exactly (some keyed only by
/// reference label or by the RRN of a notification), 0.5% MDR off by Rp1 (still matched), 0.5% MDR wrong,
/// 1% gross ≠ invoice, 0.2% settled late, 0.5% paid twice, 0.3% paid then refunded, 1.3% unpaid, 0.2%
/// notified paid but never settled; plus 0.5% rows with unknown bill numbers. Files are deterministic
/// for a given count and seed.
public struct SettlementFixtureGenerator: Sendable {
    public var count: Int
    public var seed: UInt64
    /// The MDR schedule the acquirer applies, for the merchant category and MCC below (reconcile
    /// with the same schedule and category to reproduce the known answer).
    public var schedule: MDRSchedule
    /// The merchant's category in the schedule (`P2G`…), or nil for the default rate.
    public var merchantCategory: String?
    /// The merchant's MCC.
    public var mcc: String?
    /// The city's UTC offset (WIT, +9).
    public var utcOffsetSeconds = 9 * 3600
    /// The local day the invoices are issued on (a Tuesday with no holiday that week).
    public var day = CivilDate(year: 2025, month: 7, day: 8)!
    public var calendar: HolidayCalendar

    /// Creates a generator for `count` invoices.
    public init(
        count: Int, seed: UInt64 = 20_240_601, calendar: HolidayCalendar = HolidayCalendar(), schedule: MDRSchedule,
        merchantCategory: String? = nil, mcc: String? = nil
    ) {
        self.schedule = schedule
        self.merchantCategory = merchantCategory
        self.mcc = mcc
        self.count = count
        self.seed = seed
        self.calendar = calendar
    }

    /// The MDR the schedule sets for a payment of `gross` at `time` (UTC seconds), on its local day.
    func mdr(gross: Int64, at time: Int64) -> Int64 {
        let day = CivilDate(utcSeconds: time, offsetSeconds: utcOffsetSeconds)
        return MDRSchedule.fee(
            gross: gross, basisPoints: schedule.basisPoints(category: merchantCategory, mcc: mcc, on: day, gross: gross))
    }

    /// The profile JSON that reads the generated settlement file.
    public static let profileJSON = """
        {"name": "lunas-generator", "format": "csv", "delimiter": ",", "skipLines": 0, "header": true,
         "columns": {"transactionTime": "trx_datetime", "settlementDate": "settlement_date", "rrn": "rrn",
                     "nmid": "nmid", "terminalId": "terminal_id", "issuer": "issuer_name", "billNumber": "bill_number",
                     "referenceLabel": "reference_label", "grossAmount": "gross_amount", "feeAmount": "mdr_amount",
                     "netAmount": "net_amount", "status": "status"},
         "timeFormat": "yyyy-MM-dd HH:mm:ss", "dateFormat": "yyyy-MM-dd", "timeZone": "Asia/Jayapura",
         "amountFormat": "plain", "status": {"SUCCESS": "success", "REFUND": "reversal"}, "settlementDays": 1,
         "acquirer": "Bank Generator"}
        """

    private struct Row {
        var time: Int64
        var settlement: CivilDate
        var rrn: Int64
        var invoice: Int
        var bill: String?
        var reference: Bool
        var gross: Int64
        var fee: Int64
        var refund: Bool
        var category: SettlementCategory
    }

    /// Writes `invoices.csv`, `settlement.csv` and `truth.csv` (`source,key,category`: `row,<line>,…` and
    /// `invoice,<invoice_id>,…`) into `directory`, and returns the expected counts.
    @discardableResult
    public func write(to directory: URL) throws -> [SettlementCategory: Int] {
        var rng = SplitMix64(seed: seed)
        let amounts: [Int64] = [2000, 3000, 5000, 10000, 15000, 25000, 50000, 150_000, 750_000]
        let channels = [
            "PARKIR", "PARKIR", "PARKIR", "PARKIR", "PARKIR", "PARKIR", "RETRIBUSI_PASAR", "RETRIBUSI_PASAR", "SAMPAH",
            "PBB",
        ]
        let issuers = ["GOPAY", "OVO", "DANA", "SHOPEEPAY", "LINKAJA", "BCA", "MANDIRI", "BRI", "BNI", "BANK PAPUA"]
        let dayStartUTC = Int64(day.daysSince1970) * 86400 - Int64(utcOffsetSeconds)
        var invoices = ByteSink()
        invoices.line(
            "invoice_id,bill_number,reference_label,nmid,terminal_id,zone,channel,attendant_id,amount,issued_at,expires_at,payment_rrn,paid_at"
        )
        var rows: [Row] = []
        rows.reserveCapacity(count + count / 100)
        var truthInvoices: [(String, SettlementCategory)] = []
        var nextRRN: Int64 = 100_000_000_000
        for i in 0..<count {
            let amount = amounts[Int(rng.next() % UInt64(amounts.count))]
            let issued = dayStartUTC + Int64(rng.next() % 86400)
            let terminal = Int(rng.next() % 5000)
            let bill = "PKR\(CivilDate.pad(i + 1, 9))"
            let roll = Int(rng.next() % 10000)
            var paymentRRN = ""
            var paidAt = ""
            let time = issued + 5 + Int64(rng.next() % 1795)
            let due = calendar.addingWorkingDays(1, to: CivilDate(utcSeconds: time, offsetSeconds: utcOffsetSeconds))
            let fee = mdr(gross: amount, at: time)
            var row = Row(
                time: time, settlement: due, rrn: nextRRN, invoice: i, bill: bill, reference: true, gross: amount,
                fee: fee, refund: false, category: .matched)
            nextRRN += 1
            switch roll {
            case 0..<130: truthInvoices.append(("INV\(CivilDate.pad(i + 1, 10))", .unpaidInvoice))
            case 130..<150:
                paymentRRN = String(nextRRN)
                paidAt = utcText(time)
                nextRRN += 1
                truthInvoices.append(("INV\(CivilDate.pad(i + 1, 10))", .paidNotSettled))
            default:
                switch roll {
                case 150..<200:
                    // Off by Rp1, never below zero (a 0% merchant's fee can only be 1 too high).
                    let up = rng.next() % 2 == 0
                    row.fee += up || row.fee == 0 ? 1 : -1
                case 200..<250:
                    row.fee += 50
                    row.category = .feeMismatch
                case 250..<350:
                    row.gross = amount + 1000
                    row.fee = mdr(gross: row.gross, at: time)
                    row.category = .amountMismatch
                case 350..<370:
                    row.settlement = due.adding(days: 4)
                    row.category = .lateSettlement
                case 370..<400: row.bill = nil  // keyed by reference label only
                case 400..<420:
                    row.bill = nil  // keyed by the notification's RRN only
                    row.reference = false
                    paymentRRN = String(row.rrn)
                    paidAt = utcText(time)
                default: break
                }
                rows.append(row)
                if (420..<470).contains(roll) {
                    var second = row
                    second.time = min(time + 60 + Int64(rng.next() % 540), issued + 3599)
                    second.settlement = calendar.addingWorkingDays(
                        1, to: CivilDate(utcSeconds: second.time, offsetSeconds: utcOffsetSeconds))
                    second.rrn = nextRRN
                    second.category = .duplicatePayment
                    nextRRN += 1
                    rows.append(second)
                } else if (470..<500).contains(roll) {
                    var refund = row
                    refund.time = time + 600
                    refund.settlement = calendar.addingWorkingDays(
                        1, to: CivilDate(utcSeconds: refund.time, offsetSeconds: utcOffsetSeconds))
                    refund.rrn = nextRRN
                    refund.gross = -amount
                    refund.fee = -fee
                    refund.refund = true
                    refund.category = .reversal
                    nextRRN += 1
                    rows.append(refund)
                }
                if rng.next() % 200 == 0 {
                    let time = dayStartUTC + Int64(rng.next() % 86400)
                    rows.append(
                        Row(
                            time: time,
                            settlement: calendar.addingWorkingDays(
                                1, to: CivilDate(utcSeconds: time, offsetSeconds: utcOffsetSeconds)),
                            rrn: nextRRN, invoice: -1, bill: "PKX\(CivilDate.pad(i + 1, 9))", reference: false, gross: amount,
                            fee: mdr(gross: amount, at: time), refund: false,
                            category: .unknownBill))
                    nextRRN += 1
                }
            }
            invoices.line(
                "INV\(CivilDate.pad(i + 1, 10)),\(bill),REF\(CivilDate.pad(i + 1, 9)),ID\(CivilDate.pad(1_000_000_000 + terminal % 400, 13)),T\(CivilDate.pad(terminal, 5)),ZONA-\(CivilDate.pad(terminal % 8 + 1, 2)),\(channels[i % channels.count]),J\(CivilDate.pad(terminal % 3000 + 1, 4)),\(amount),\(utcText(issued)),\(utcText(issued + 3600)),\(paymentRRN),\(paidAt)"
            )
        }
        // Shuffle rows (settlement files are not in invoice order).
        for k in stride(from: rows.count - 1, to: 0, by: -1) {
            rows.swapAt(k, Int(rng.next() % UInt64(k + 1)))
        }
        var settlement = ByteSink()
        settlement.line(
            "trx_datetime,settlement_date,rrn,nmid,mpan,terminal_id,issuer_name,customer_pan_masked,customer_name,bill_number,reference_label,gross_amount,mdr_amount,net_amount,status"
        )
        var truth = ByteSink()
        truth.line("source,key,category")
        var counts = Dictionary(uniqueKeysWithValues: SettlementCategory.allCases.map { ($0, 0) })
        for (index, row) in rows.enumerated() {
            let terminal = row.invoice >= 0 ? row.invoice * 7 % 5000 : Int(row.rrn % 5000)
            let issuer = issuers[Int(row.rrn % 10)]
            let reference = row.reference && row.invoice >= 0 ? "REF\(CivilDate.pad(row.invoice + 1, 9))" : ""
            settlement.line(
                "\(localText(row.time)),\(row.settlement),\(row.rrn),ID\(CivilDate.pad(1_000_000_000 + terminal % 400, 13)),93600\(CivilDate.pad(terminal, 14)),T\(CivilDate.pad(terminal, 5)),\(issuer),9360****\(CivilDate.pad(Int(row.rrn % 10000), 4)),PELANGGAN \(row.rrn % 997),\(row.bill ?? ""),\(reference),\(row.gross),\(row.fee),\(row.gross - row.fee),\(row.refund ? "REFUND" : "SUCCESS")"
            )
            truth.line("row,\(index + 2),\(row.category.rawValue)")
            counts[row.category, default: 0] += 1
        }
        for (id, category) in truthInvoices {
            truth.line("invoice,\(id),\(category.rawValue)")
            counts[category, default: 0] += 1
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try invoices.write(to: directory.appendingPathComponent("invoices.csv"))
        try settlement.write(to: directory.appendingPathComponent("settlement.csv"))
        try truth.write(to: directory.appendingPathComponent("truth.csv"))
        return counts
    }

    private func utcText(_ seconds: Int64) -> String { timeText(seconds, offset: 0) }

    private func localText(_ seconds: Int64) -> String { timeText(seconds, offset: utcOffsetSeconds) }

    private func timeText(_ seconds: Int64, offset: Int) -> String {
        let date = CivilDate(utcSeconds: seconds, offsetSeconds: offset)
        let s = Int(seconds + Int64(offset) - Int64(date.daysSince1970) * 86400)
        return "\(date) \(CivilDate.pad(s / 3600, 2)):\(CivilDate.pad(s / 60 % 60, 2)):\(CivilDate.pad(s % 60, 2))"
    }
}


/// Accumulates output lines as bytes.
struct ByteSink {
    var bytes: [UInt8] = []
    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(10)
    }
    func write(to url: URL) throws {
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw ReconciliationError(.io, "cannot write \(url.path): \(error.localizedDescription)", cause: error)
        }
    }
}
