/// "Run this job only while this node leads": how a periodic job (invoice expiry, the purge of
/// expired sessions) runs on exactly one of several `lunas serve` nodes at a time (issue #18).
///
/// ``lead(_:)`` runs for as long as the caller's task: while this node leads it runs `job` in a
/// child task; when leadership is lost it cancels that task and waits for it to end; when this node
/// leads again it starts `job` afresh. A job therefore loops until it is cancelled, and each of its
/// rounds must be safe to repeat (a round cut short by a lost leadership is run again by the next
/// leader). One node uses ``AlwaysLeader``; several nodes on PostgreSQL use
/// an advisory lock held on a session of its own (to be built on PostgreSQL: docs/postgres.md).
public protocol JobLeadership: Sendable {
    /// Runs `job` while this node leads, until the calling task is cancelled.
    func lead(_ job: @escaping @Sendable () async -> Void) async
}

/// The leadership of a node that is alone (SQLite: one node owns its file): it always leads.
public struct AlwaysLeader: JobLeadership {
    /// The one node's leadership.
    public init() {}

    public func lead(_ job: @escaping @Sendable () async -> Void) async {
        await job()
    }
}
