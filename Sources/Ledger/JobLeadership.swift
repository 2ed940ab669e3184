/// "Run this job only while this node leads": how a periodic job (invoice expiry, the purge of
/// expired sessions) runs on exactly one of several `lunas serve` nodes at a time (issue #18).
///
/// A job is a sequence of rounds with a pause between them. ``lead(every:_:)`` runs for as long as
/// the caller's task: while this node leads it runs `round`, waits `interval`, and runs it again.
/// The leadership decides when a round may start, so it can check that it still leads just before
/// each one (a PostgreSQL leadership proves its lock on the server first) and never lets the next
/// leader start while one of its rounds runs. When leadership is lost, a running round is cancelled
/// and awaited; when the caller is cancelled, the round in progress is cancelled and awaited too.
/// A round cut short, or run by a former leader that has not yet noticed its loss, is run again by
/// the next leader, so every round must be safe to repeat (invoice expiry is: one transaction, and
/// an invoice that is no longer `issued` is not expired again). One node uses ``AlwaysLeader``;
/// several nodes on PostgreSQL use `LedgerPostgres.PostgresJobLeadership` (docs/postgres.md).
public protocol JobLeadership: Sendable {
    /// Runs `round` every `interval` while this node leads, until the calling task is cancelled.
    /// - Parameters:
    ///   - interval: the pause between the end of one round and the start of the next.
    ///   - round: one round of the job; safe to repeat, and it should end soon when cancelled.
    func lead(every interval: Duration, _ round: @escaping @Sendable () async -> Void) async
}

/// The leadership of a node that is alone (SQLite: one node owns its file): it always leads.
public struct AlwaysLeader: JobLeadership {
    /// The one node's leadership.
    public init() {}

    /// Runs `round` at once on the caller's task, then every `interval`, until the task is cancelled.
    public func lead(every interval: Duration, _ round: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            await round()
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
