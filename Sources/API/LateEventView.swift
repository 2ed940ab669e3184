import Foundation
import Ledger

/// One late event in an API body (the daily report's `lateAdjustments` and `lateEvents`): a money
/// fact about a closed day's invoice recorded after its close, booked against the next open day.
struct LateEventView: Encodable {
    /// The event that recorded it (`GET /api/v1/events?after=…` shows it).
    var event: Int64
    /// `payment`, `settlement`, `refund` or `reversal`.
    var kind: String
    /// The closed day the invoice belongs to, and the day the event is booked against.
    var closedDate: String
    var bookedDate: String
    var invoiceId: String
    var paymentId: String?
    var revenueLine: String
    /// An `extra` payment's money (paid twice, to give back), booked to suspense.
    var extra: Bool
    var amount: Int64
    var mdr: Int64
    var net: Int64
    var recordedAt: String

    init(_ late: LateEvent) {
        event = late.sequence
        kind = late.kind.rawValue
        closedDate = "\(late.closedDate)"
        bookedDate = "\(late.bookedDate)"
        invoiceId = late.invoiceID.rawValue
        paymentId = late.paymentID?.rawValue
        revenueLine = late.revenueLine
        extra = late.extra
        amount = late.amount.value
        mdr = late.mdr.value
        net = late.net.value
        recordedAt = APITime.text(late.recordedAt)
    }

    /// A list of late events with their count and their sums per kind (`{"payment": {count, amount}}`).
    struct List: Encodable {
        var count: Int
        var byKind: [String: DailyReport.Figure]
        var lines: [LateEventView]

        /// None.
        init() {
            count = 0
            byKind = [:]
            lines = []
        }

        init(_ events: [LateEvent]) throws {
            count = events.count
            byKind = [:]
            for late in events { try byKind[late.kind.rawValue, default: .init()].add(late.amount) }
            lines = events.map(LateEventView.init)
        }
    }
}

/// The daily report of a closed day: the figures of its signed statement as they were signed, and,
/// clearly apart, the late events about it recorded since (each naming the day it was booked
/// against), so nothing changes the closed day's figures silently.
struct ClosedDayReport: Encodable {
    struct Statement: Encodable {
        /// Where anyone fetches the signed statement.
        var url: String
        var keyId: String
        var closedAt: String
        var chainHead: Int64
        /// The statement's `figures`, as signed.
        var figures: CanonicalJSON
    }

    var date: String
    var timeZone: String
    var from: String
    var to: String
    var closed = true
    var statement: Statement
    var lateEvents: LateEventView.List
    /// Each device's numbers, voids and gaps, and their counts over all devices (as an open day's
    /// report has them): not money, and fixed once the day is closed.
    var byDevice: [DailyReport.DeviceFigure]
    var sequenceGaps: Int
    var ticketsVoided: Int

    init(
        date: String, timeZone: String, statement: DailyStatement, lateEvents: [LateEvent], devices: DailyTotals
    ) throws {
        self.date = date
        self.timeZone = timeZone
        from = APITime.text(statement.from)
        to = APITime.text(statement.to)
        self.statement = Statement(
            url: "/public/days/\(statement.date)", keyId: statement.keyID, closedAt: APITime.text(statement.closedAt),
            chainHead: statement.chainHead.sequence, figures: statement.figures)
        self.lateEvents = try LateEventView.List(lateEvents)
        byDevice = DailyReport.devices(devices)
        sequenceGaps = devices.devices.reduce(0) { $0 + $1.sequenceGaps.count }
        ticketsVoided = devices.devices.reduce(0) { $0 + $1.ticketsVoided }
    }
}
