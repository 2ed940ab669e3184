import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `GET /api/v1/reports/daily?date=YYYY-MM-DD` (finance, auditor, admin): the city day's totals by fee,
/// zone, device and status, every device sequence gap, the refunds of its invoices' payments (partial
/// ones marked) and the late events of closed days booked against it. A closed day answers its
/// signed statement's figures and, apart, the late events about it (``ClosedDayReport``).
struct ReportRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/reports/daily") { request, context in try await daily(request, context) }
    }

    func daily(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice([.finance, .auditor, .admin])
        let city = services.configuration.city
        guard let text = request.uri.queryParameters.get("date") else {
            throw APIError.badRequest("request.missingField", "date=YYYY-MM-DD is required", field: "date")
        }
        guard let date = CivilDate(iso8601: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "date must be a calendar date YYYY-MM-DD, got \"\(text.prefix(20))\"",
                field: "date")
        }
        if let statement = try await services.store.closedDay(date) {
            // Devices' numbers and voids cannot change after close (records dated in a closed day
            // are refused), so they are read live beside the signed figures.
            let totals = try await services.store.dailyTotals(from: statement.from, to: statement.to)
            return try APIResponse.json(
                ClosedDayReport(
                    date: text, timeZone: city.timeZone.identifier, statement: statement,
                    lateEvents: try await services.store.lateEvents(about: date), devices: totals))
        }
        let from = city.timeZone.startOfDay(date)
        let to = city.timeZone.startOfDay(CivilDate(daysSince1970: date.daysSince1970 + 1))
        let totals = try await services.store.dailyTotals(from: from, to: to)
        var report = DailyReport(date: text, timeZone: city.timeZone.identifier, from: from, to: to, totals: totals)
        // The day's invoice groups (zone, revenue line, device, status), not its invoices: the report
        // costs the same on a day of a million invoices as on a quiet one.
        for group in try await services.store.dayBreakdown(from: from, to: to) {
            try report.byStatus[group.status.rawValue, default: .init()].add(group.count, group.amount)
            if group.revenueLine.hasPrefix("fee:") {
                try report.byFee[String(group.revenueLine.dropFirst(4)), default: .init()].add(group.count, group.amount)
            }
            if group.zone != "-" { try report.byZone[group.zone, default: .init()].add(group.count, group.amount) }
        }
        let refunds = try await services.store.refunds(issuedFrom: from, to: to)
        var amounts: [Invoice.ID: Rupiah] = [:]
        for id in Set(refunds.map(\.invoiceID)) { amounts[id] = try await services.store.invoice(id: id)?.amount }
        try report.addRefunds(refunds, amounts: amounts)
        report.lateAdjustments = try LateEventView.List(try await services.store.lateEvents(bookedOn: date))
        return try APIResponse.json(report)
    }
}

/// The body of the daily report.
struct DailyReport: Encodable {
    struct Figure: Encodable {
        var count = 0
        var amount: Int64 = 0
        init() {}
        init(_ tally: Tally) {
            count = tally.count
            amount = tally.amount.value
        }
        /// Adds one amount; a sum past 64 bits is `amount.overflow`, never a trap.
        mutating func add(_ value: Rupiah) throws {
            try add(1, value)
        }
        /// Adds `count` items of `value` in all.
        mutating func add(_ count: Int64, _ value: Rupiah) throws {
            amount = try Rupiah(amount).adding(value, what: "daily report sum").value
            self.count += Int(count)
        }
    }

    struct DeviceFigure: Encodable {
        var deviceID: String
        var issued: Figure
        var ticketsOpened: Int
        /// Of the tickets opened, how many were voided.
        var ticketsVoided: Int
        var firstSequence: Int64?
        var lastSequence: Int64?
        var sequenceGaps: [[Int64]]
    }

    /// One refund of a payment of the day's invoices.
    struct RefundLine: Encodable {
        var refundId: String
        var paymentId: String
        var invoiceId: String
        var amount: Int64
        var refundedAt: String
        /// The payment's refunds so far are less than the payment: the invoice keeps its status.
        var partial: Bool
    }

    var date: String
    var timeZone: String
    var from: String
    var to: String
    /// Open (false): a closed day answers ``ClosedDayReport``.
    var closed = false
    var issued: Figure
    var paid: Figure
    var paidLate: Figure
    var outstanding: Figure
    var expired: Figure
    var cancelled: Figure
    var extraPayments: Figure
    var paymentExceptions: Figure
    var byStatus: [String: Figure] = [:]
    var byFee: [String: Figure] = [:]
    var byZone: [String: Figure] = [:]
    var byDevice: [DeviceFigure]
    var sequenceGaps: Int
    /// Tickets opened in the day and voided, over all devices.
    var ticketsVoided: Int
    /// The refunds of the day's invoices' payments: all of them, those that leave the payment
    /// partly refunded, and each one.
    var refunds = Figure()
    var partialRefunds = Figure()
    var refundLines: [RefundLine] = []
    /// Late events of earlier, closed days booked against this day (its statement carries them).
    var lateAdjustments = LateEventView.List()

    init(date: String, timeZone: String, from: Date, to: Date, totals: DailyTotals) {
        self.date = date
        self.timeZone = timeZone
        self.from = APITime.text(from)
        self.to = APITime.text(to)
        issued = Figure(totals.issued)
        paid = Figure(totals.paid)
        paidLate = Figure(totals.paidLate)
        outstanding = Figure(totals.outstanding)
        expired = Figure(totals.expired)
        cancelled = Figure(totals.cancelled)
        extraPayments = Figure(totals.extraPayments)
        paymentExceptions = Figure(totals.exceptions)
        byDevice = Self.devices(totals)
        sequenceGaps = totals.devices.reduce(0) { $0 + $1.sequenceGaps.count }
        ticketsVoided = totals.devices.reduce(0) { $0 + $1.ticketsVoided }
    }

    /// Each device's part: what it issued, its tickets, voids and number gaps.
    static func devices(_ totals: DailyTotals) -> [DeviceFigure] {
        totals.devices.map {
            DeviceFigure(
                deviceID: $0.deviceID.rawValue, issued: Figure($0.issued), ticketsOpened: $0.ticketsOpened,
                ticketsVoided: $0.ticketsVoided, firstSequence: $0.sequenceRange?.lowerBound,
                lastSequence: $0.sequenceRange?.upperBound,
                sequenceGaps: $0.sequenceGaps.map { [$0.lowerBound, $0.upperBound] })
        }
    }
}

extension DailyReport {
    /// Adds the refunds of the day's invoices' payments; `amounts` are the invoices' amounts (a
    /// payment is for its invoice's amount), so a payment whose refunds stay below it is partial.
    mutating func addRefunds(_ refunds: [PaymentRefund], amounts: [Invoice.ID: Rupiah]) throws {
        var totals: [Payment.ID: Rupiah] = [:]
        for refund in refunds {
            totals[refund.paymentID] = try (totals[refund.paymentID] ?? .zero).adding(
                refund.amount, what: "refunds of payment \(refund.paymentID)")
        }
        for refund in refunds {
            let partial = (totals[refund.paymentID] ?? .zero) < (amounts[refund.invoiceID] ?? .zero)
            try self.refunds.add(refund.amount)
            if partial { try partialRefunds.add(refund.amount) }
            refundLines.append(
                RefundLine(
                    refundId: refund.id.rawValue, paymentId: refund.paymentID.rawValue,
                    invoiceId: refund.invoiceID.rawValue, amount: refund.amount.value,
                    refundedAt: APITime.text(refund.refundedAt), partial: partial))
        }
    }
}
