import Foundation

/// A count and a sum of rupiah, summed with checked arithmetic: a sum that does not fit 64 bits is
/// an error (`amount.overflow`), never a trap that takes the server down.
public struct Tally: Sendable, Hashable {
    /// How many items.
    public var count: Int
    /// The amount in whole rupiah.
    public var amount: Rupiah

    /// Creates a value from its parts.
    public init(count: Int = 0, amount: Rupiah = .zero) {
        self.count = count
        self.amount = amount
    }

    /// Adds one item of `amount`.
    /// - Parameter what: names the sum in the error.
    /// - Throws: `LedgerError` `amount.overflow`; the tally is then unchanged.
    public mutating func add(_ amount: Rupiah, what: String = "tally") throws {
        self.amount = try self.amount.adding(amount, what: what)
        count += 1
    }

    /// Counts one item whose amount is not money (a payment exception holding its amount as text)
    /// without summing it.
    public mutating func addWithoutAmount() {
        count += 1
    }
}

/// The day's figures for the daily report: what was issued, paid and left open, per device, with
/// every gap in a device's ticket sequence (a possible leak: a ticket printed and never recorded).
public struct DailyTotals: Sendable, Hashable {
    /// The period: `[from, to)`, usually one day in the city's time zone (see ``day(containing:in:)``).
    public var from: Date
    /// The end of the period (exclusive).
    public var to: Date
    /// Invoices issued in the period.
    public var issued = Tally()
    /// Invoices issued in the period, by kind.
    public var issuedByKind: [Invoice.Kind: Tally] = [:]
    /// Of those, still `issued` (neither paid, expired nor cancelled).
    public var outstanding = Tally()
    /// Of those, now `expired`.
    public var expired = Tally()
    /// Of those, now `cancelled`.
    public var cancelled = Tally()
    /// Payments made in the period that paid an invoice on time.
    public var paid = Tally()
    /// Payments made in the period after expiry or cancellation.
    public var paidLate = Tally()
    /// Payments made in the period for invoices that already had their money (to refund).
    public var extraPayments = Tally()
    /// Payments made in the period that matched no invoice or the wrong amount.
    public var exceptions = Tally()
    /// Per device, sorted by device id.
    public var devices: [DeviceDay] = []

    /// Whether the report has anything a supervisor must look at.
    public var hasExceptions: Bool {
        exceptions.count > 0 || extraPayments.count > 0 || devices.contains { !$0.sequenceGaps.isEmpty }
    }

    /// Creates a value from its parts.
    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// One device's day.
    public struct DeviceDay: Sendable, Hashable {
        /// The device.
        public var deviceID: Device.ID
        /// Invoices the device issued in the period.
        public var issued = Tally()
        /// Hourly tickets the device opened in the period.
        public var ticketsOpened = 0
        /// Of those, how many were voided (`ticket.voided`).
        public var ticketsVoided = 0
        /// The first and last sequence numbers used in the period (nil: none used).
        public var sequenceRange: ClosedRange<Int64>?
        /// Sequence numbers missing between the last one before the period and the last one in it.
        public var sequenceGaps: [ClosedRange<Int64>] = []

        /// Creates a value from its parts.
        public init(deviceID: Device.ID) { self.deviceID = deviceID }
    }

    /// The interval `[start of day, start of next day)` containing `date` in `timeZone`
    /// (`Asia/Jayapura` for Ambon).
    public static func day(containing date: Date, in timeZone: TimeZone) -> (from: Date, to: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return (start, end)
    }

    /// Builds the totals from the period's records.
    ///
    /// Every sum is checked: stored amounts are bounded (``Rupiah/maximumStored``), so only a
    /// corrupted or unbounded source can overflow, and then the report fails with an error.
    /// A payment exception without a money amount (``PaymentExceptionDraft/amountText``) is counted,
    /// not summed.
    ///
    /// - Parameters:
    ///   - invoices: invoices issued in the period.
    ///   - openedTickets: hourly tickets opened in the period (flat tickets share their invoice's number).
    ///   - payments: payments made in the period.
    ///   - exceptions: payment exceptions for payments made in the period.
    ///   - sequenceBefore: each device's highest sequence number used before the period.
    /// - Throws: `LedgerError` `amount.overflow` naming the sum that does not fit 64 bits.
    public static func build(
        from: Date, to: Date, invoices: [Invoice], openedTickets: [ParkingTicket], payments: [Payment],
        exceptions: [PaymentException], sequenceBefore: [Device.ID: Int64]
    ) throws -> DailyTotals {
        var totals = DailyTotals(from: from, to: to)
        var days: [Device.ID: DeviceDay] = [:]
        var used: [Device.ID: Set<Int64>] = [:]
        for invoice in invoices {
            try totals.issued.add(invoice.amount, what: "daily report: invoices issued")
            try totals.issuedByKind[invoice.kind, default: Tally()].add(
                invoice.amount, what: "daily report: \(invoice.kind.rawValue) invoices issued")
            switch invoice.status {
            case .issued: try totals.outstanding.add(invoice.amount, what: "daily report: outstanding")
            case .expired: try totals.expired.add(invoice.amount, what: "daily report: expired")
            case .cancelled: try totals.cancelled.add(invoice.amount, what: "daily report: cancelled")
            default: break
            }
            try days[invoice.deviceID, default: DeviceDay(deviceID: invoice.deviceID)].issued.add(
                invoice.amount, what: "daily report: issued by device \(invoice.deviceID)")
            used[invoice.deviceID, default: []].insert(invoice.sequence)
        }
        for ticket in openedTickets {
            days[ticket.deviceID, default: DeviceDay(deviceID: ticket.deviceID)].ticketsOpened += 1
            if ticket.closure == .void { days[ticket.deviceID]?.ticketsVoided += 1 }
            used[ticket.deviceID, default: []].insert(ticket.sequence)
        }
        for payment in payments {
            switch payment.effect {
            case .paid: try totals.paid.add(payment.amount, what: "daily report: paid")
            case .paidLate: try totals.paidLate.add(payment.amount, what: "daily report: paid late")
            case .extra: try totals.extraPayments.add(payment.amount, what: "daily report: extra payments")
            }
        }
        for exception in exceptions {
            if let amount = exception.amount {
                try totals.exceptions.add(amount, what: "daily report: payment exceptions")
            } else {
                totals.exceptions.addWithoutAmount()
            }
        }
        for (device, numbers) in used {
            guard let low = numbers.min(), let high = numbers.max() else { continue }
            days[device]?.sequenceRange = low...high
            days[device]?.sequenceGaps = gaps(in: numbers, after: sequenceBefore[device] ?? 0)
        }
        totals.devices = days.values.sorted { $0.deviceID < $1.deviceID }
        return totals
    }

    /// The runs of numbers missing from `numbers` between `after + 1` and `numbers.max()`.
    public static func gaps(in numbers: Set<Int64>, after: Int64) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        var expected = after + 1
        for number in numbers.sorted() where number >= expected {
            if number > expected { result.append(expected...(number - 1)) }
            expected = number + 1
        }
        return result
    }
}
