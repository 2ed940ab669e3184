/// "The ledger moved; re-read": what wakes the readers that wait for a change (an invoice's SSE
/// stream, a `?wait` long-poll) when a write commits, on this node or on another (issue #18).
///
/// A signal carries no data: a woken waiter re-reads what it watches and decides for itself. So a
/// spurious wake-up costs one read, and a lost one costs only latency as long as waiters also re-read
/// at an interval of their own. Waiters avoid the lost wake-up between their read and their wait by
/// taking the ``generation`` before they read and waiting for a later one:
///
/// ```swift
/// var seen = signal.generation
/// var invoice = try await store.invoice(id: id)
/// while invoice?.status == .issued {
///     await signal.wait(after: seen, until: .now.advanced(by: .seconds(1)))
///     seen = signal.generation
///     invoice = try await store.invoice(id: id)
/// }
/// ```
///
/// One node (SQLite) uses ``LedgerChangeBroadcast`` directly: the writers on this process call
/// ``ledgerMoved()``. Several nodes on PostgreSQL feed the same broadcast from a LISTEN connection
/// (`LedgerPostgres.PostgresChangeListener`): every committing transaction sends `pg_notify`, which
/// PostgreSQL delivers on commit only.
public protocol LedgerChangeSignal: Sendable {
    /// A number that grows every time the ledger may have moved; take it before reading.
    var generation: UInt64 { get }

    /// Says the ledger moved: wakes every waiter of this node.
    func ledgerMoved()

    /// Returns once ``generation`` is past `seen`, at `deadline`, or when the task is cancelled,
    /// whichever comes first.
    /// - Parameters:
    ///   - seen: the generation taken before the caller's last read.
    ///   - deadline: the latest the caller waits.
    func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async
}
