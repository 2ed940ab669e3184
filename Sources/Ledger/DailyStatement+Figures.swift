import Foundation

extension DailyStatement {
    /// Counts and sums of one group of a day's invoices.
    struct Tally {
        var issued: Int64 = 0
        var issuedAmount = Rupiah(0)
        /// Invoices with money received (paid, paid late, settled, refunded).
        var received: Int64 = 0
        var receivedAmount = Rupiah(0)
        var settled: Int64 = 0
        var settledAmount = Rupiah(0)
        /// The MDR the bank withheld on the invoices it settled by a file, including those given back
        /// in full since (the bank keeps its fee: a refund or reversal takes back the gross).
        var mdr = Rupiah(0)
        /// Of `mdr`, the part withheld on invoices settled and then given back in full (`refunded`).
        var refundedMDR = Rupiah(0)
        /// The bank's net for the invoices it settled and that stay settled: an invoice given back
        /// in full (refunded, or reversed by the payer's bank) no longer adds its settlement's net.
        var net = Rupiah(0)
        /// Paid or paid late, not yet settled.
        var outstanding = Rupiah(0)
        var refunded = Rupiah(0)
        /// Invoices whose own payment was refunded in part (still paid or settled), and the refunds.
        var partiallyRefunded: Int64 = 0
        var partiallyRefundedAmount = Rupiah(0)

        mutating func add(_ row: DayBreakdownRow) throws {
            let what = "daily statement"
            issued += row.count
            issuedAmount = try issuedAmount.adding(row.amount, what: what)
            if row.status.isPaid {
                received += row.count
                receivedAmount = try receivedAmount.adding(row.amount, what: what)
            }
            switch row.status {
            case .settled:
                settled += row.count
                settledAmount = try settledAmount.adding(row.amount, what: what)
            case .paid, .paidLate: outstanding = try outstanding.adding(row.amount, what: what)
            case .refunded: refunded = try refunded.adding(row.amount, what: what)
            case .issued, .expired, .cancelled: break
            }
            mdr = try mdr.adding(row.mdr, what: what)
            switch row.status {
            case .settled: net = try net.adding(row.net, what: what)
            case .refunded: refundedMDR = try refundedMDR.adding(row.mdr, what: what)
            case .issued, .paid, .paidLate, .expired, .cancelled: break
            }
            partiallyRefunded += row.partiallyRefunded
            partiallyRefundedAmount = try partiallyRefundedAmount.adding(row.partiallyRefundedAmount, what: what)
        }

        func canonical(_ extra: [String: CanonicalJSON] = [:]) -> CanonicalJSON {
            var members: [String: CanonicalJSON] = [
                "issued": .int(issued), "issuedAmount": .int(issuedAmount.value), "received": .int(received),
                "receivedAmount": .int(receivedAmount.value), "settled": .int(settled),
                "settledAmount": .int(settledAmount.value), "mdr": .int(mdr.value),
                "refundedMDR": .int(refundedMDR.value), "net": .int(net.value),
                "outstanding": .int(outstanding.value), "refunded": .int(refunded.value),
                "partiallyRefunded": .int(partiallyRefunded),
                "partiallyRefundedAmount": .int(partiallyRefundedAmount.value),
            ]
            members.merge(extra) { _, new in new }
            return .object(members)
        }
    }

    /// The figures of a day from its invoice groups and its exceptions (`open` and one count per
    /// resolution code): totals, by status, zone, revenue line and device; and the late events of
    /// earlier, closed days booked against it (`lateAdjustments`, only when there are some: a
    /// statement without the member has none). Sums are checked.
    /// - Throws: `amount.overflow` (never a trap).
    public static func figures(
        rows: [DayBreakdownRow], exceptions: [String: Int64], lateAdjustments: [LateEvent] = []
    ) throws -> CanonicalJSON {
        var total = Tally()
        var byStatus: [String: (count: Int64, amount: Rupiah)] = [:]
        var byZone: [String: Tally] = [:]
        var byLine: [String: Tally] = [:]
        var byDevice: [String: Tally] = [:]
        for row in rows {
            try total.add(row)
            let status = byStatus[row.status.rawValue] ?? (0, Rupiah(0))
            byStatus[row.status.rawValue] = (
                status.count + row.count, try status.amount.adding(row.amount, what: "daily statement")
            )
            try byZone[row.zone, default: Tally()].add(row)
            try byLine[row.revenueLine, default: Tally()].add(row)
            try byDevice[row.deviceID.rawValue, default: Tally()].add(row)
        }
        func list(_ groups: [String: Tally], key: String) -> CanonicalJSON {
            .array(groups.keys.sorted().map { groups[$0]!.canonical([key: .string($0)]) })
        }
        var members: [String: CanonicalJSON] = [
            "invoices": total.canonical(),
            "byStatus": .object(
                byStatus.mapValues { .object(["count": .int($0.count), "amount": .int($0.amount.value)]) }),
            "revenue": .object([
                "gross": .int(total.receivedAmount.value), "mdr": .int(total.mdr.value),
                "refundedMDR": .int(total.refundedMDR.value), "net": .int(total.net.value),
                "outstanding": .int(total.outstanding.value), "refunded": .int(total.refunded.value),
                "partiallyRefunded": .int(total.partiallyRefundedAmount.value),
            ]),
            "byZone": list(byZone, key: "zone"),
            "byRevenueLine": list(byLine, key: "revenueLine"),
            "byDevice": list(byDevice, key: "device"),
            "exceptions": .object(exceptions.mapValues { .int($0) }),
        ]
        if !lateAdjustments.isEmpty { members["lateAdjustments"] = try lateSection(lateAdjustments) }
        return .object(members)
    }

    /// `figures.lateAdjustments`: the lines in chain order and a count and sum per kind.
    static func lateSection(_ lines: [LateEvent]) throws -> CanonicalJSON {
        var byKind: [String: (count: Int64, amount: Rupiah)] = [:]
        for line in lines {
            let sum = byKind[line.kind.rawValue] ?? (0, Rupiah(0))
            byKind[line.kind.rawValue] = (sum.count + 1, try sum.amount.adding(line.amount, what: "late adjustments"))
        }
        return .object([
            "lines": .array(lines.sorted { $0.sequence < $1.sequence }.map(\.canonical)),
            "byKind": .object(
                byKind.mapValues { .object(["count": .int($0.count), "amount": .int($0.amount.value)]) }),
        ])
    }

    /// The late events booked against this day, as its statement carries them (none in a statement
    /// without `figures.lateAdjustments`, such as every statement signed before they existed).
    /// - Throws: `event.badPayload` naming a malformed line.
    public var lateAdjustments: [LateEvent] {
        get throws {
            guard let section = figures["lateAdjustments"] else { return [] }
            guard case .array(let lines)? = section["lines"] else {
                throw LedgerError(.eventBadPayload, "statement \(date): figures.lateAdjustments.lines is not a list")
            }
            return try lines.map(LateEvent.init(canonical:))
        }
    }
}
