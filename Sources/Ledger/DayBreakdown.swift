import Foundation

/// What stops a city day from closing, counted: `POST /api/v1/days/{date}/close` answers 409 with
/// these, and the console shows them.
public struct DayBlocker: Sendable, Hashable {
    /// Why the day cannot close.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The day has not ended yet in the city's zone.
        case dayNotOver = "day_not_over"
        /// Invoices issued that day still `issued` (neither paid, expired nor cancelled).
        case invoiceNotFinal = "invoice_not_final"
        /// Invoices paid but not settled, with no resolved exception explaining why.
        case paidNotSettled = "paid_not_settled"
        /// Open exceptions about the day's invoices.
        case exceptionOpen = "exception_open"
        /// A settlement file applied only in part (an apply was cut off: apply it again).
        case settlementIncomplete = "settlement_incomplete"
        /// A settlement date on which the day's payments fall due (T+N working days of the acquirer's
        /// settlement profile, with the holiday calendar) that no applied settlement file covers; the
        /// examples are the dates (`YYYY-MM-DD`).
        case settlementFileMissing = "settlement_file_missing"
    }

    /// Why.
    public var kind: Kind
    /// How many invoices, exceptions, files or settlement dates.
    public var count: Int64
    /// Up to five of their ids, for a person to start with.
    public var examples: [String]

    /// Creates a value from its parts.
    public init(kind: Kind, count: Int64, examples: [String]) {
        self.kind = kind
        self.count = count
        self.examples = examples
    }
}

/// One group of a city day's invoices: those of one zone, revenue line, device and status, with
/// what their settlement rows said. A day's statement and journal are sums of these.
public struct DayBreakdownRow: Sendable, Hashable {
    /// The ticket's zone; `-` for a fee invoice (fees belong to no zone).
    public var zone: String
    /// The revenue line: `fee:CODE` or `parking:VEHICLE_CLASS`.
    public var revenueLine: String
    /// The device that issued them.
    public var deviceID: Device.ID
    /// Their status.
    public var status: InvoiceStatus
    /// How many.
    public var count: Int64
    /// Their invoice amounts, summed.
    public var amount: Rupiah
    /// The MDR their settlement rows stated, summed (0 when not settled by a file).
    public var mdr: Rupiah
    /// The net their settlement rows stated, summed.
    public var net: Rupiah
    /// Of them, how many had their own payment refunded in part (a partial refund leaves the
    /// invoice's status; one refunded in full is `refunded`), and the refunds' sum.
    public var partiallyRefunded: Int64
    public var partiallyRefundedAmount: Rupiah

    /// Creates a value from its parts.
    public init(
        zone: String, revenueLine: String, deviceID: Device.ID, status: InvoiceStatus, count: Int64, amount: Rupiah,
        mdr: Rupiah, net: Rupiah, partiallyRefunded: Int64 = 0, partiallyRefundedAmount: Rupiah = .zero
    ) {
        self.partiallyRefunded = partiallyRefunded
        self.partiallyRefundedAmount = partiallyRefundedAmount
        self.zone = zone
        self.revenueLine = revenueLine
        self.deviceID = deviceID
        self.status = status
        self.count = count
        self.amount = amount
        self.mdr = mdr
        self.net = net
    }
}

/// Asks the store to close a city day (``LedgerStore/closeDay(_:sign:)``).
public struct DayCloseRequest: Sendable {
    /// The city day.
    public var date: CivilDate
    /// Its first instant, UTC.
    public var from: Date
    /// The first instant of the next day, UTC.
    public var to: Date
    /// The city's id and zone label, written into the statement.
    public var cityID: String
    public var timeZone: String
    /// Who closes it (a supervisor without zones, an admin, or the server operator).
    public var actor: LedgerActor
    /// When.
    public var at: Date
    /// The id of the key that signs the statement.
    public var keyID: String

    /// Creates a value from its parts.
    public init(
        date: CivilDate, from: Date, to: Date, cityID: String, timeZone: String, actor: LedgerActor, at: Date,
        keyID: String
    ) {
        self.date = date
        self.from = from
        self.to = to
        self.cityID = cityID
        self.timeZone = timeZone
        self.actor = actor
        self.at = at
        self.keyID = keyID
    }
}

/// What ``LedgerStore/closeDay(_:sign:)`` did.
public enum DayCloseOutcome: Sendable {
    /// Closed now, with this statement.
    case closed(DailyStatement)
    /// Closed before: the statement as signed then (nothing changed).
    case alreadyClosed(DailyStatement)
    /// Not closable: what is still open. Nothing was written.
    case blocked([DayBlocker])
}
