import Foundation

/// A city day's money at a glance (the console's "Hari ini" page): the invoices issued that day by
/// where they are now, and the open exceptions about the day, in total, per zone and per city-local
/// hour.
///
/// Every figure is about the invoices *issued* in the day `[from, to)` (the same invoices as
/// ``DayBreakdownRow`` and the day's statement), counted by their status now; the hour is the
/// city-local hour (0–23) in which each was issued, the zone its parking ticket's zone (`-` for a
/// fee invoice, which belongs to no zone). The exceptions are those ``LedgerStore/dayBlockers(from:to:)``
/// counts as `exception_open`: about an invoice of the day (its zone and issue hour), or about no
/// invoice and paid in the day (zone `-`, the hour it was paid).
///
/// Sums are checked (`amount.overflow`, never a trap). Built by ``LedgerStore/dayFigures(from:to:in:)``.
public struct DayFigures: Sendable, Hashable {
    /// The counts and amounts of one slice of the day (all of it, a zone, an hour, or a zone's hour).
    ///
    /// `issued == paid + outstanding + cancelled + expired + refunded` (counts and amounts);
    /// `settled` is part of `paid`.
    public struct Figures: Sendable, Hashable {
        /// Every invoice issued.
        public var issued = Tally()
        /// Of those, paid and kept: `paid`, `paid_late` or `settled` now.
        public var paid = Tally()
        /// Of the paid, settled by the bank (`settled`).
        public var settled = Tally()
        /// Of those issued, still `issued`: neither paid, cancelled nor expired.
        public var outstanding = Tally()
        /// Of those issued, `cancelled`.
        public var cancelled = Tally()
        /// Of those issued, `expired` (unpaid).
        public var expired = Tally()
        /// Of those issued, paid and then refunded (`refunded`).
        public var refunded = Tally()
        /// Open exceptions about the day. An exception without an amount is counted, not summed.
        public var openExceptions = Tally()

        /// Creates empty figures.
        public init() {}

        /// Adds `count` invoices of `status` worth `amount` in all.
        /// - Throws: `amount.overflow`.
        public mutating func addInvoices(status: InvoiceStatus, count: Int, amount: Rupiah) throws {
            try issued.add(count: count, amount: amount, what: "day figures: issued")
            switch status {
            case .issued: try outstanding.add(count: count, amount: amount, what: "day figures: outstanding")
            case .paid, .paidLate: try paid.add(count: count, amount: amount, what: "day figures: paid")
            case .settled:
                try paid.add(count: count, amount: amount, what: "day figures: paid")
                try settled.add(count: count, amount: amount, what: "day figures: settled")
            case .cancelled: try cancelled.add(count: count, amount: amount, what: "day figures: cancelled")
            case .expired: try expired.add(count: count, amount: amount, what: "day figures: expired")
            case .refunded: try refunded.add(count: count, amount: amount, what: "day figures: refunded")
            }
        }

        /// Adds another slice's figures to these.
        /// - Throws: `amount.overflow`.
        public mutating func add(_ other: Figures) throws {
            try issued.add(other.issued, what: "day figures: issued")
            try paid.add(other.paid, what: "day figures: paid")
            try settled.add(other.settled, what: "day figures: settled")
            try outstanding.add(other.outstanding, what: "day figures: outstanding")
            try cancelled.add(other.cancelled, what: "day figures: cancelled")
            try expired.add(other.expired, what: "day figures: expired")
            try refunded.add(other.refunded, what: "day figures: refunded")
            try openExceptions.add(other.openExceptions, what: "day figures: open exceptions")
        }
    }

    /// One zone's figures in one city-local hour. Only slices with something in them are rows.
    public struct Row: Sendable, Hashable {
        /// The zone (`-` for fee invoices and exceptions about no invoice).
        public var zone: String
        /// The city-local hour, 0–23.
        public var hour: Int
        /// The figures.
        public var figures: Figures

        /// Creates a value from its parts.
        public init(zone: String, hour: Int, figures: Figures) {
            self.zone = zone
            self.hour = hour
            self.figures = figures
        }
    }

    /// One zone's figures over the day.
    public struct ZoneFigures: Sendable, Hashable {
        /// The zone (`-` for fee invoices and exceptions about no invoice).
        public var zone: String
        /// The figures.
        public var figures: Figures

        /// Creates a value from its parts.
        public init(zone: String, figures: Figures) {
            self.zone = zone
            self.figures = figures
        }
    }

    /// One city-local hour's figures over all zones.
    public struct HourFigures: Sendable, Hashable {
        /// The city-local hour, 0–23.
        public var hour: Int
        /// The figures.
        public var figures: Figures

        /// Creates a value from its parts.
        public init(hour: Int, figures: Figures) {
            self.hour = hour
            self.figures = figures
        }
    }

    /// What the store counted, before it is summed: invoices of one zone, local hour and status, or
    /// (with `status` nil) open exceptions of one zone and local hour.
    public struct Group: Sendable, Hashable {
        /// The zone.
        public var zone: String
        /// The city-local hour, 0–23.
        public var hour: Int
        /// The invoices' status; nil for open exceptions.
        public var status: InvoiceStatus?
        /// How many.
        public var count: Int
        /// Their amounts, summed (exceptions without an amount add nothing).
        public var amount: Rupiah

        /// Creates a value from its parts.
        public init(zone: String, hour: Int, status: InvoiceStatus?, count: Int, amount: Rupiah) {
            self.zone = zone
            self.hour = hour
            self.status = status
            self.count = count
            self.amount = amount
        }
    }

    /// The first instant of the day, UTC.
    public var from: Date
    /// The first instant of the next day, UTC.
    public var to: Date
    /// The whole day.
    public var total = Figures()
    /// Per zone, sorted by zone.
    public var byZone: [ZoneFigures] = []
    /// Per city-local hour: always 24 entries, hour 0 first (empty hours have empty figures).
    public var byHour: [HourFigures] = (0..<24).map { HourFigures(hour: $0, figures: Figures()) }
    /// Per zone and hour, sorted by zone then hour; only non-empty slices.
    public var rows: [Row] = []

    /// Empty figures for `[from, to)`.
    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// Sums the store's groups into rows, zones, hours and the total.
    /// - Throws: `amount.overflow`.
    public static func build(from: Date, to: Date, groups: [Group]) throws -> DayFigures {
        var result = DayFigures(from: from, to: to)
        var cells: [String: [Int: Figures]] = [:]
        for group in groups {
            let hour = min(max(group.hour, 0), 23)
            var figures = cells[group.zone, default: [:]][hour, default: Figures()]
            if let status = group.status {
                try figures.addInvoices(status: status, count: group.count, amount: group.amount)
            } else {
                try figures.openExceptions.add(
                    count: group.count, amount: group.amount, what: "day figures: open exceptions")
            }
            cells[group.zone, default: [:]][hour] = figures
        }
        for zone in cells.keys.sorted() {
            var zoneTotal = Figures()
            for (hour, figures) in cells[zone, default: [:]].sorted(by: { $0.key < $1.key }) {
                result.rows.append(Row(zone: zone, hour: hour, figures: figures))
                try zoneTotal.add(figures)
                try result.byHour[hour].figures.add(figures)
            }
            result.byZone.append(ZoneFigures(zone: zone, figures: zoneTotal))
            try result.total.add(zoneTotal)
        }
        return result
    }
}

extension Tally {
    /// Adds `count` items worth `amount` in all.
    /// - Throws: `amount.overflow`; the tally is then unchanged.
    public mutating func add(count: Int, amount: Rupiah, what: String) throws {
        self.amount = try self.amount.adding(amount, what: what)
        self.count += count
    }

    /// Adds another tally to this one.
    /// - Throws: `amount.overflow`; the tally is then unchanged.
    public mutating func add(_ other: Tally, what: String) throws {
        try add(count: other.count, amount: other.amount, what: what)
    }
}
