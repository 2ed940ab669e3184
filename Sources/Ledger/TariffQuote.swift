import Foundation

/// The result of evaluating a tariff: the amount due and how it was reached.
///
/// The lines always add up to ``amount``; each names the rule, window or event that produced it and
/// its legal basis, so a receipt and an auditor can see why a citizen paid what they paid.
public struct TariffQuote: Sendable, Hashable, Codable {
    /// The amount due.
    public var amount: Rupiah
    /// The tariff set used.
    public var tariffSetID: String
    /// The rule used.
    public var ruleID: String
    /// The rule's Indonesian name.
    public var ruleName: String
    /// The vehicle class charged.
    public var vehicleClass: VehicleClass.ID
    /// The zone parked in.
    public var zone: Zone.ID
    /// The zone's tariff class.
    public var tariffClass: TariffClass
    /// Entry time.
    public var entry: Date
    /// Exit time, when the charge depends on it.
    public var exit: Date?
    /// The breakdown, in order; the amounts add up to ``amount``.
    public var lines: [Line]

    /// One line of the breakdown.
    public struct Line: Sendable, Hashable, Codable {
        /// What produced a line.
        public enum Kind: String, Sendable, Hashable, Codable {
            /// A flat charge for an entry (or a further started 24 hours).
            case flat
            /// The first block of a cycle.
            case firstBlock
            /// Further started blocks of a cycle.
            case nextBlock
            /// A stay within the grace period: nothing to pay.
            case grace
            /// The reduction that brings a cycle down to the daily cap (negative).
            case dailyCap
            /// The increase (or reduction) an event multiplier makes to a cycle.
            case event
        }

        /// What produced the line.
        public var kind: Kind
        /// The Indonesian label printed on a receipt: `Jam berikutnya (Malam (gratis))`.
        public var label: String
        /// The 24-hour cycle of the stay (0 for the first day).
        public var cycle: Int
        /// The start of the period the line covers.
        public var from: Date
        /// The end of the period the line covers (blocks: their nominal end).
        public var until: Date
        /// How many blocks or entries (1 for caps and events).
        public var quantity: Int
        /// The price of one block or entry before the percentage.
        public var unitAmount: Rupiah
        /// The percentage applied to each unit (100 unless a window or event changes it).
        public var percent: Int
        /// The line's amount (negative for a cap).
        public var amount: Rupiah
        /// The article that justifies the line.
        public var legalBasis: LegalBasis

        /// Creates a line.
        public init(
            kind: Kind, label: String, cycle: Int, from: Date, until: Date, quantity: Int, unitAmount: Rupiah,
            percent: Int, amount: Rupiah, legalBasis: LegalBasis
        ) {
            self.kind = kind
            self.label = label
            self.cycle = cycle
            self.from = from
            self.until = until
            self.quantity = quantity
            self.unitAmount = unitAmount
            self.percent = percent
            self.amount = amount
            self.legalBasis = legalBasis
        }
    }
}
