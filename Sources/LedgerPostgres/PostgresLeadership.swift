import Ledger
import Logging
import PostgresNIO
import Synchronization

/// Leadership of one periodic job among several nodes: a session-level PostgreSQL advisory lock
/// held on a dedicated connection (issue #18).
///
/// Every node runs ``lead(_:)`` with the same ``name``. Each tries `pg_try_advisory_lock` every
/// ``tryInterval``; the one that gets it leads for as long as that connection lives. A lost
/// connection is a lost leadership: PostgreSQL releases the lock when the session ends, and the node
/// notices the close (or a probe that fails, every ``tryInterval``) and cancels its job, then tries
/// again on a new connection. Another node takes the lock at its next try and starts the job after
/// ``takeoverDelay``, which leaves a former leader time to notice and stop its round.
///
/// The lock proves leadership only while the connection is healthy: a leader cut off from the
/// server without a closed socket runs until its probe fails (at most ``tryInterval`` plus
/// ``probeTimeout``; the server, for its part, releases the lock only once it notices the session is
/// gone, usually later), so a job's rounds must still be safe to repeat — invoice expiry is (one
/// transaction per round, and an invoice that is no longer `issued` is not expired again).
public final class PostgresLeadership: JobLeadership {
    /// What the candidate has seen (for tests and logs).
    public struct Status: Sendable {
        /// Whether this node leads now (its job runs).
        public var leading = false
        /// How many times it became the leader.
        public var terms = 0
        /// How many times it asked for the lock.
        public var attempts = 0
        /// The backend process of its lock session, nil while disconnected.
        public var backendPID: Int32?
    }

    /// The job's name; nodes leading the same job use the same name.
    public let name: String
    /// The `pg_try_advisory_lock` key of ``name`` (64-bit FNV-1a of `lunas.job.NAME`).
    public let lockKey: Int64
    /// How often a candidate asks for the lock, and a leader probes its connection.
    public let tryInterval: Duration
    /// How long a new leader waits after taking the lock before it starts the job.
    public let takeoverDelay: Duration
    /// How long a probe of the lock session may take before the session counts as lost.
    public let probeTimeout: Duration
    private let server: DatabaseLocation.PostgresServer
    private let password: String?
    private let logger: Logger
    private let state = Mutex(Status())

    /// A candidate for leading the job `name`.
    /// - Parameters:
    ///   - name: the job (`invoice-expiry`).
    ///   - server: the parsed `database.url`.
    ///   - password: the role's password.
    ///   - logger: where leadership changes are logged.
    ///   - tryInterval: how often to ask for the lock and probe a held one.
    ///   - takeoverDelay: the pause between taking the lock and starting the job; nil is ``tryInterval``.
    ///   - probeTimeout: how long a probe of the lock session may take (a busy server is not a lost one).
    public init(
        _ name: String, server: DatabaseLocation.PostgresServer, password: String?, logger: Logger,
        tryInterval: Duration = .seconds(5), takeoverDelay: Duration? = nil, probeTimeout: Duration = .seconds(10)
    ) {
        (self.name, self.lockKey) = (name, Self.lockKey(name))
        (self.server, self.password, self.logger) = (server, password, logger)
        (self.tryInterval, self.takeoverDelay, self.probeTimeout) = (
            tryInterval, takeoverDelay ?? tryInterval, probeTimeout
        )
    }

    /// 64-bit FNV-1a of `lunas.job.` + `name`, as a signed key (`pg_try_advisory_lock(bigint)`).
    static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("lunas.job." + name).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// What the candidate has seen so far.
    public var status: Status { state.withLock { $0 } }

    public func lead(_ job: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do {
                try await candidacy(job)
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "job leadership lost its connection",
                    metadata: ["job": "\(name)", "error": "\(PostgresLedgerDatabase.ledgerError(error).message)"])
            }
            try? await Task.sleep(for: tryInterval)
        }
    }

    /// One lock session: ask until the lock is ours, then run the job until the session ends.
    private func candidacy(_ job: @escaping @Sendable () async -> Void) async throws {
        let connection = try await PostgresLedgerDatabase.connect(server, password: password, logger: logger)
        defer { state.withLock { $0.backendPID = nil } }
        do {
            let pid = try await connection.backendPID(within: probeTimeout, logger: logger)
            state.withLock { $0.backendPID = pid }
            while !(try await tryLock(connection)) {
                try await Task.sleep(for: tryInterval)
            }
            try await Task.sleep(for: takeoverDelay)
            // The lock is still ours only if the session still is.
            _ = try await connection.backendPID(within: probeTimeout, logger: logger)
            try await holding(connection, job)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `pg_try_advisory_lock` on the session, counted, answered within ``probeTimeout``.
    private func tryLock(_ connection: PostgresConnection) async throws -> Bool {
        state.withLock { $0.attempts += 1 }
        let (key, logger) = (lockKey, logger)
        return try await connection.answer(within: probeTimeout, "pg_try_advisory_lock") { connection in
            var taken = false
            for try await value in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                .decode(Bool.self)
            {
                taken = value
            }
            return taken
        }
    }

    /// Leads: runs the job until the session is lost (the job is cancelled, and awaited) or the
    /// caller is cancelled.
    private func holding(_ connection: PostgresConnection, _ job: @escaping @Sendable () async -> Void) async throws {
        state.withLock { status in
            status.leading = true
            status.terms += 1
        }
        logger.info("leading job", metadata: ["job": "\(name)"])
        defer {
            state.withLock { $0.leading = false }
            logger.info("no longer leading job", metadata: ["job": "\(name)"])
        }
        let (interval, timeout, logger) = (tryInterval, probeTimeout, logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await job()
                // A job that ends on its own keeps the lock, so no other node starts it again.
                await connection.waitUntilClosed()
                try Task.checkCancellation()
                throw ConnectionEnded()
            }
            group.addTask {
                try await connection.watch(
                    listeningOn: "lunas_job_leader", probeEvery: interval, within: timeout, logger: logger)
            }
            // The first child to end is a loss or the caller's cancellation; the job is cancelled and
            // the group waits for it to end before this node stops counting as the leader.
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }
}
