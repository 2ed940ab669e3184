import Ledger
import Logging
import PostgresNIO
import Synchronization

/// Leadership of one periodic job among several `lunas serve` nodes on one PostgreSQL database,
/// fenced by a transaction-level advisory lock on a connection of its own (issue #18).
///
/// Every node runs ``lead(every:_:)`` with the same ``name``. Each opens a lock session (a
/// connection outside any pool), LISTENs on it (so postgres-nio notices at once when the server
/// ends it), and asks: `BEGIN; SELECT pg_try_advisory_xact_lock(key)`, rolled back when refused and
/// asked again every ``Timing/tryInterval``. The node that gets the lock keeps that transaction open
/// for its whole term: the lock lives exactly as long as the transaction, which the server aborts when
/// the session ends (the process killed, the socket closed, `pg_terminate_backend`, the server's
/// `idle_in_transaction_session_timeout`). The transaction writes nothing, so it holds no
/// transaction id and, in READ COMMITTED, no snapshot between statements: it does not hold back
/// VACUUM.
///
/// **Fencing.** Before each round the leader asks `pg_try_advisory_xact_lock(key)` again in its
/// transaction, and starts the round only on `true` answered within ``Timing/answerTimeout``: a
/// round starts only when the node holds the lock at that moment. It releases the lock (closing the
/// session) only after the round ended, also when it is cancelled. So, **as long as lock sessions
/// live, no two rounds ever run at once**, on any nodes.
///
/// **After a loss** (the leader's session ended while its process lives): the leader stops starting
/// rounds and cancels the running one as soon as it notices, within ``Timing/lossNoticedBound``
/// (its heartbeat, every ``Timing/heartbeatInterval``, fails; at once when the server closed the
/// socket). The next leader waits ``Timing/takeoverDelay`` after taking the lock before its first
/// round, so the two overlap only if the former leader's cancelled round takes longer than
/// `takeoverDelay - lossNoticedBound` to end, or its process was frozen longer than the server's
/// idle time-out and resumes in a round. Rounds must therefore be safe to repeat (invoice expiry is).
///
/// **Takeover.** A leader killed (its kernel closes the socket) or stopped loses the lock at once; a
/// silent one (machine or network gone, process frozen) at most ``Timing/serverIdleTimeout`` after
/// its last heartbeat (the lock session's `idle_in_transaction_session_timeout`, with TCP keepalives
/// for a server stuck mid-statement). Another node then holds it within ``Timing/lockTakenBound`` and
/// runs its first round ``Timing/takeoverDelay`` later.
public final class PostgresJobLeadership: JobLeadership {
    /// What the node has seen (for tests and logs).
    public struct Status: Sendable {
        /// Whether this node holds the lock now (its rounds run after the takeover delay).
        public var leading = false
        /// How many times it took the lock.
        public var terms = 0
        /// How many times it asked for the lock as a candidate.
        public var attempts = 0
        /// How many rounds it started.
        public var rounds = 0
        /// The backend process of its lock session, nil while disconnected.
        public var backendPID: Int32?
    }

    /// The job's name; the nodes leading the same job use the same name.
    public let name: String
    /// The advisory lock's key (64-bit FNV-1a of `lunas.job.NAME`).
    public let lockKey: Int64
    /// The intervals and time-outs.
    public let timing: Timing
    private let server: DatabaseLocation.PostgresServer
    private let password: String?
    private let logger: Logger
    private let state = Mutex(Status())

    /// A node's candidacy for leading the job `name`.
    /// - Parameters:
    ///   - name: the job (`invoice-expiry`).
    ///   - server: the parsed `database.url`.
    ///   - password: the role's password.
    ///   - logger: where leadership changes and lost sessions are logged.
    ///   - timing: the intervals and time-outs (the defaults suit production).
    public init(
        _ name: String, server: DatabaseLocation.PostgresServer, password: String?, logger: Logger,
        timing: Timing
    ) {
        (self.name, self.lockKey, self.timing) = (name, Self.lockKey(name), timing)
        (self.server, self.password, self.logger) = (server, password, logger)
    }

    /// The advisory lock key of the job `name`: 64-bit FNV-1a of `lunas.job.` + `name`, as a signed key
    /// (`pg_try_advisory_xact_lock(bigint)`); an operator finds its holder in `pg_locks`
    /// (`classid` its high 32 bits, `objid` its low 32 bits, `objsubid` 1).
    public static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("lunas.job." + name).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// The channel the lock session LISTENs on: nothing is sent there; a LISTEN makes postgres-nio
    /// notice at once when the server ends an idle connection.
    static let channel = "lunas_job_leadership"

    /// What the node has seen so far.
    public var status: Status { state.withLock { $0 } }

    /// Runs `round` every `interval` while this node holds the lock, until the calling task is
    /// cancelled; a lost session is reopened after ``Timing/tryInterval``.
    public func lead(every interval: Duration, _ round: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do {
                try await session(every: interval, round)
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "job leadership lost its session",
                    metadata: ["job": "\(name)", "error": "\(PostgresLedgerDatabase.ledgerError(error).message)"])
            }
            try? await Task.sleep(for: timing.tryInterval)
        }
    }

    /// One lock session: its settings, the LISTEN that watches it, the candidacy and the term. Ends
    /// by throwing (a loss, or the caller's cancellation) after any round has ended; then the session
    /// is closed, which releases the lock.
    private func session(every interval: Duration, _ round: @escaping @Sendable () async -> Void) async throws {
        let connection = try await PostgresLedgerDatabase.connect(server, password: password, logger: logger)
        defer { state.withLock { $0.backendPID = nil } }
        do {
            let pid = try await connection.backendPID(within: timing.answerTimeout, logger: logger)
            state.withLock { $0.backendPID = pid }
            try await configure(connection)
            let (listened, listening) = AsyncStream<Void>.makeStream()
            let (timing, logger) = (timing, logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await connection.watch(
                        listeningOn: Self.channel, probeEvery: timing.heartbeatInterval, within: timing.answerTimeout,
                        logger: logger, listening: { listening.finish() })
                }
                group.addTask {
                    // BEGIN only once the LISTEN took effect (inside a transaction it would wait for COMMIT).
                    for await _ in listened {}
                    try Task.checkCancellation()
                    try await self.candidacy(connection, every: interval, round)
                }
                // Both children end only by throwing; the first ends the session, and the group waits
                // for the other (a round in progress is cancelled and ends) before the close below.
                defer { group.cancelAll() }
                _ = try await group.next()
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// The lock session's own settings: its name in `pg_stat_activity`, the idle time-out that ends a
    /// silent leader's transaction (and so its lock), and keepalives for a server waiting mid-statement.
    private func configure(_ connection: PostgresConnection) async throws {
        let keepalives = timing.keepalives
        let settings: [(String, String)] = [
            ("application_name", "lunas job \(name)"),
            ("idle_in_transaction_session_timeout", "\(Self.milliseconds(timing.serverIdleTimeout))"),
            ("tcp_keepalives_idle", "\(keepalives.idle)"), ("tcp_keepalives_interval", "\(keepalives.interval)"),
            ("tcp_keepalives_count", "\(keepalives.count)"),
        ]
        for (setting, value) in settings {
            try await execute(connection, "SELECT set_config(\(setting), \(value), false)")
        }
    }

    /// Asks for the lock until it is this node's, then leads.
    private func candidacy(
        _ connection: PostgresConnection, every interval: Duration, _ round: @escaping @Sendable () async -> Void
    ) async throws {
        while true {
            try await execute(connection, "BEGIN")
            state.withLock { $0.attempts += 1 }
            if try await holdsLock(connection) { break }
            try await execute(connection, "ROLLBACK")
            try await Task.sleep(for: timing.tryInterval)
        }
        try await term(connection, every: interval, round)
    }

    /// Leads until the session is lost or the caller is cancelled: after the takeover delay, a round
    /// every `interval`, each behind the fence.
    private func term(
        _ connection: PostgresConnection, every interval: Duration, _ round: @escaping @Sendable () async -> Void
    ) async throws {
        state.withLock { status in
            status.leading = true
            status.terms += 1
        }
        logger.info("leading job", metadata: ["job": "\(name)"])
        defer {
            state.withLock { $0.leading = false }
            logger.info("no longer leading job", metadata: ["job": "\(name)"])
        }
        try await Task.sleep(for: timing.takeoverDelay)
        while true {
            guard try await holdsLock(connection) else { throw LockLost(job: name) }
            try Task.checkCancellation()
            state.withLock { $0.rounds += 1 }
            await round()
            try await Task.sleep(for: interval)
        }
    }

    /// `pg_try_advisory_xact_lock(key)` in the session's transaction, answered within the time-out:
    /// true when the transaction holds the lock now (taken, or already held).
    private func holdsLock(_ connection: PostgresConnection) async throws -> Bool {
        let (key, logger) = (lockKey, logger)
        return try await connection.answer(within: timing.answerTimeout, "pg_try_advisory_xact_lock") { connection in
            var taken = false
            for try await value in try await connection.query(
                "SELECT pg_try_advisory_xact_lock(\(key))", logger: logger
            ).decode(Bool.self) {
                taken = value
            }
            return taken
        }
    }

    /// Runs one statement on the lock session, answered within the time-out.
    private func execute(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        let logger = logger
        try await connection.answer(within: timing.answerTimeout, query.sql) { connection in
            for try await _ in try await connection.query(query, logger: logger) {}
        }
    }

    /// Whole milliseconds of `duration` (at least 1), as PostgreSQL's time-out settings take them.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
