/// What `lunas ledger verify` found.
public struct LedgerVerificationReport: Sendable {
    /// How many events the log holds.
    public var eventCount: Int
    /// The last event: publish its hash to anchor the log outside the database.
    public var head: ChainHead
    /// Everything found wrong, in the order found: broken events first, then disagreeing rows.
    public var problems: [LedgerProblem]
    /// Every settlement file the chain says was imported (`settlement.imported`), by settlement id:
    /// `lunas ledger verify` checks that each archived original still has its recorded SHA-256.
    public var settlementFiles: [SettlementFileRecord]

    /// Creates a value from its parts.
    public init(
        eventCount: Int, head: ChainHead, problems: [LedgerProblem], settlementFiles: [SettlementFileRecord] = []
    ) {
        self.eventCount = eventCount
        self.head = head
        self.problems = problems
        self.settlementFiles = settlementFiles
    }

    /// Whether the chain recomputes and every row agrees with the events.
    public var isIntact: Bool { problems.isEmpty }
}

/// One thing `verify` found wrong, with where it is.
public struct LedgerProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public enum Place: Sendable, Hashable {
        /// An event of the log, by its sequence number.
        case event(Int64)
        /// A row of a projection table, by its primary key.
        case row(table: String, id: String)
        /// The record of the chain's last event.
        case chainHead
    }

    /// Where the problem is.
    public var place: Place
    /// A sentence naming the event or row and what is wrong with it.
    public var message: String

    /// Creates a value from its parts.
    public init(_ place: Place, _ message: String) {
        self.place = place
        self.message = message
    }

    public var description: String { message }
}
