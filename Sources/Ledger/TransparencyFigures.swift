import Foundation

/// The city's open figures for one month (issue #17, "Open figures"): per day, per zone and for the
/// month, what was issued, paid, settled, earned (gross, MDR, net), cancelled, and how many ticket
/// sequence gaps were found. Published as `/transparansi` and as open data
/// (`/public/transparency/{YYYY-MM}.json` and `.csv`).
///
/// A closed day's figures are its signed statement's (``DailyStatement``), never recomputed; a day
/// not yet closed is `live`: the same sums over the ledger as it is now (``init(live:rows:)``).
///
/// Every published number is one ``Measure``: the JSON members, the CSV columns, the page's tables
/// and the OpenAPI schema are all made from ``Measure/allCases``, so a new column (the complaint
/// figures to come: received, answered in time, answer-time median and 90th percentile) is a new
/// case here, its value set on the days and zones, and its labels where the compiler asks for them.
public struct TransparencyFigures: Sendable, Hashable {
    /// One published number.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        /// Invoices (tickets and fees) issued in the day.
        case issued
        /// Their amounts, summed.
        case issuedAmount
        /// Of those, with money received: paid, paid late, settled, or refunded since.
        case paid
        /// Of the paid, settled by the bank.
        case settled
        /// Gross revenue: the amounts of the paid ones.
        case gross
        /// The bank's MDR (merchant discount rate) fee, as its settlement rows stated.
        case mdr
        /// What reached the city's account, as the settlement rows stated (gross minus MDR, for the settled).
        case net
        /// Of those issued, cancelled. The signed statement counts them for the whole city only, so a
        /// closed day's per-zone value is unknown (nil).
        case cancelled
        /// Exceptions of category `sequence_gap` opened in the day (a device's ticket numbers skipped).
        case sequenceGaps
        /// Citizens' complaints filed in the day (always counted live: a complaint outlives its day's close).
        case complaints
        /// Of those, resolved by their deadline.
        case complaintsInTime
        /// Of those, resolved after their deadline, or still open past it.
        case complaintsLate
        /// In time as a share of those decided (in time + late), whole percent rounded down; null
        /// when none is decided yet.
        case complaintsInTimePercent
        /// Hours from filing to resolution, median of the resolved ones (rounded up); null for none.
        case resolutionHoursMedian
        /// The same, 90th percentile (nearest rank).
        case resolutionHoursP90

        /// What a value counts.
        public enum Unit: String, Sendable {
            /// A number of things.
            case count
            /// Whole rupiah.
            case rupiah
            /// Whole percent.
            case percent
            /// Whole hours.
            case hours
        }

        /// What a value of this measure counts.
        public var unit: Unit {
            switch self {
            case .issued, .paid, .settled, .cancelled, .sequenceGaps, .complaints, .complaintsInTime, .complaintsLate:
                .count
            case .issuedAmount, .gross, .mdr, .net: .rupiah
            case .complaintsInTimePercent: .percent
            case .resolutionHoursMedian, .resolutionHoursP90: .hours
            }
        }

        /// Whether a month's or a zone's value is the sum of its days' values. A share or a median
        /// (the complaint rates) is not: it is set on each row from that row's complaints.
        public var isSummed: Bool {
            switch self {
            case .complaintsInTimePercent, .resolutionHoursMedian, .resolutionHoursP90: false
            default: true
            }
        }

        /// What it means, in English (the OpenAPI document and docs/transparency.md).
        public var summary: String {
            switch self {
            case .issued: "invoices (tickets and fees) issued in the day"
            case .issuedAmount: "their amounts, summed (whole rupiah)"
            case .paid: "of those, with money received: paid, paid late, settled, or refunded since"
            case .settled: "of the paid, settled by the bank"
            case .gross: "gross revenue: the amounts of the paid ones (whole rupiah)"
            case .mdr: "the bank's MDR fee as its settlement rows stated (whole rupiah)"
            case .net: "what reached the city's account as the settlement rows stated (whole rupiah)"
            case .cancelled:
                "of those issued, cancelled; null for a closed day's zone (its statement counts them for the whole city only)"
            case .sequenceGaps: "exceptions of category sequence_gap opened in the day"
            case .complaints: "citizens' complaints filed in the day (counted live, also for closed days)"
            case .complaintsInTime: "of those, resolved by their deadline (the service standard's working days)"
            case .complaintsLate: "of those, resolved after their deadline or still open past it"
            case .complaintsInTimePercent: "in time as a share of those decided (in time + late), whole percent; null when none is decided"
            case .resolutionHoursMedian: "hours from filing to resolution, median of the resolved ones; null for none"
            case .resolutionHoursP90: "hours from filing to resolution, 90th percentile (nearest rank) of the resolved ones; null for none"
            }
        }
    }

    /// The measures of one row (a day, a zone, a zone's day, the month). A missing value is unknown.
    public struct Values: Sendable, Hashable {
        /// The known values.
        public private(set) var known: [Measure: Int64] = [:]

        /// No value known.
        public init() {}

        /// Zero for every summed measure: the start of a sum.
        public static var zero: Values {
            var values = Values()
            for measure in Measure.allCases where measure.isSummed { values[measure] = 0 }
            return values
        }

        /// The value of `measure`, nil when unknown.
        public subscript(measure: Measure) -> Int64? {
            get { known[measure] }
            set { known[measure] = newValue }
        }

        /// Adds another row's summed measures to these; a sum with an unknown value is unknown.
        /// - Throws: `amount.overflow` (never a trap).
        public mutating func add(_ other: Values) throws {
            for measure in Measure.allCases where measure.isSummed {
                guard let mine = known[measure], let theirs = other.known[measure] else {
                    known[measure] = nil
                    continue
                }
                let (sum, overflow) = mine.addingReportingOverflow(theirs)
                guard !overflow else {
                    throw LedgerError(
                        .amountOverflow, "open figures: the sum of \(measure.rawValue) does not fit 64 bits",
                        field: measure.rawValue)
                }
                known[measure] = sum
            }
        }
    }

    /// One zone's values (`-`: fee invoices, which belong to no zone).
    public struct ZoneValues: Sendable, Hashable {
        /// The zone id.
        public var zone: String
        /// Its values.
        public var values: Values

        /// Creates a value from its parts.
        public init(zone: String, values: Values) {
            self.zone = zone
            self.values = values
        }
    }

    /// Where a closed day's figures come from: its signed statement.
    public struct Statement: Sendable, Hashable {
        /// When the day was closed.
        public var closedAt: Date
        /// The signing key's id (hex).
        public var keyID: String
        /// SHA-256 (hex) of the statement's canonical bytes, as `/public/days/{date}` serves them.
        public var sha256: String

        /// Creates a value from its parts.
        public init(closedAt: Date, keyID: String, sha256: String) {
            self.closedAt = closedAt
            self.keyID = keyID
            self.sha256 = sha256
        }
    }

    /// One city day.
    public struct Day: Sendable, Hashable {
        /// The city day.
        public var date: CivilDate
        /// The signed statement of a closed day; nil while the day is open (its figures are live).
        public var statement: Statement?
        /// The whole city's values.
        public var total: Values
        /// Per zone, sorted by zone id.
        public var zones: [ZoneValues]

        /// Whether the figures are the signed statement's.
        public var isClosed: Bool { statement != nil }

        /// Creates a value from its parts.
        public init(date: CivilDate, statement: Statement?, total: Values, zones: [ZoneValues]) {
            self.date = date
            self.statement = statement
            self.total = total
            self.zones = zones.sorted { $0.zone < $1.zone }
        }

        /// Counts `count` sequence-gap exceptions in the day's total and in `zone`'s row.
        /// - Throws: `amount.overflow`.
        public mutating func addSequenceGaps(_ count: Int64, zone: String) throws {
            total[.sequenceGaps] = try Self.sum(total[.sequenceGaps], count)
            if let index = zones.firstIndex(where: { $0.zone == zone }) {
                zones[index].values[.sequenceGaps] = try Self.sum(zones[index].values[.sequenceGaps], count)
            } else {
                var values = Values.zero
                values[.sequenceGaps] = count
                if isClosed { values[.cancelled] = nil }
                zones.append(ZoneValues(zone: zone, values: values))
                zones.sort { $0.zone < $1.zone }
            }
        }

        private static func sum(_ value: Int64?, _ count: Int64) throws -> Int64? {
            guard let value else { return nil }
            let (sum, overflow) = value.addingReportingOverflow(count)
            guard !overflow else { throw LedgerError(.amountOverflow, "open figures: too many sequence gaps") }
            return sum
        }
    }

    /// The month.
    public var month: CityMonth
    /// Its days published so far (every day up to today; a past month's every day), the 1st first.
    public var days: [Day]
    /// The month's values: the sums of its days'.
    public var total: Values
    /// Per zone over the month, sorted by zone id.
    public var zones: [ZoneValues]
    /// When the figures were counted (the moment the live days show), when the maker says.
    public var countedAt: Date?

    /// Whether every day of the month is closed (a month still running never is).
    public var isClosed: Bool { days.count == month.dayCount && days.allSatisfy(\.isClosed) }

    /// Sums `days` into the month's total and its zones.
    /// - Throws: `amount.overflow`.
    public init(month: CityMonth, days: [Day], countedAt: Date? = nil) throws {
        self.month = month
        self.countedAt = countedAt
        self.days = days.sorted { $0.date < $1.date }
        var total = Values.zero
        var zones: [String: Values] = [:]
        for day in days {
            try total.add(day.total)
            for zone in day.zones { try zones[zone.zone, default: .zero].add(zone.values) }
        }
        self.total = total
        self.zones = zones.keys.sorted().map { ZoneValues(zone: $0, values: zones[$0]!) }
    }
}
