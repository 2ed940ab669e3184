import Ledger

/// How a `lunas serve` node works with the other nodes of its city (issue #18): what wakes its
/// waiting SSE streams and `?wait` long-polls, whether it runs the periodic jobs, and how often a
/// waiter re-reads the ledger without a wake-up.
///
/// One node (SQLite) uses the defaults. Several nodes on PostgreSQL hand in a
/// ``Ledger/LedgerChangeBroadcast`` fed by `LedgerPostgres.PostgresChangeListener` and the fenced
/// advisory-lock leadership `LedgerPostgres.PostgresJobLeadership`.
public struct NodeCoordination: Sendable {
    /// Wakes this node's waiters when the ledger moves.
    public var changes: any LedgerChangeSignal
    /// Whether this node runs the periodic jobs (invoice expiry).
    public var leadership: any JobLeadership
    /// The longest a waiting stream or long-poll goes without re-reading the ledger: a fallback
    /// while not every write announces itself (the store will announce each commit itself once it
    /// is store-neutral).
    public var rereadInterval: Duration
    /// Moves when the city's receipt keys may have changed (a rotation through any node), so the node
    /// reloads them (``ReceiptKeyFollower``); nil on one node, whose key rotates only while it is
    /// stopped.
    public var receiptKeyChanges: (any LedgerChangeSignal)?

    /// A node's coordination; the defaults are a node alone.
    public init(
        changes: any LedgerChangeSignal = LedgerChangeBroadcast(), leadership: any JobLeadership = AlwaysLeader(),
        rereadInterval: Duration = .milliseconds(250), receiptKeyChanges: (any LedgerChangeSignal)? = nil
    ) {
        self.changes = changes
        self.leadership = leadership
        self.rereadInterval = rereadInterval
        self.receiptKeyChanges = receiptKeyChanges
    }
}
