import Ledger
import Logging
import PostgresNIO
import Synchronization

/// Wakes this node's waiters when any node commits a change to the ledger: PostgreSQL's
/// LISTEN/NOTIFY on one dedicated connection per node (issue #18).
///
/// Every transaction that changes the ledger runs ``notifySQL`` (``PostgresEventChain`` does for
/// each append); PostgreSQL delivers the notification to every listening session when, and only
/// when, that transaction commits — a rolled-back one wakes nobody. ``run()`` holds one connection
/// that listens on ``channel`` and calls ``Ledger/LedgerChangeSignal/ledgerMoved()`` for each
/// notification. When the connection is lost (a server restart, a failover,
/// `pg_terminate_backend`) it connects again after ``retryDelay``, and once it listens again wakes
/// every waiter once: notifications sent while it was away are lost, so waiters re-read.
///
/// A long-lived service in the style of postgres-nio's: the owner runs ``run()`` in its task group
/// and cancels it at shutdown.
public final class PostgresChangeListener: Sendable {
    /// The one channel of the ledger's changes.
    public static let channel = "lunas_ledger"

    /// The statement a transaction that changes the ledger runs, with one `?` for the payload (the
    /// chain's new head sequence, as text; listeners do not rely on it).
    public static let notifySQL = "SELECT pg_notify('\(channel)', ?)"

    /// What the listener has seen (for tests and logs).
    public struct Status: Sendable {
        /// The backend process of the current LISTEN connection, nil while disconnected.
        public var backendPID: Int32?
        /// How many times a connection started listening (1 after the first; each reconnect adds one).
        public var listens = 0
        /// The payloads received, oldest first (the last 1,000).
        public var payloads: [String] = []
    }

    /// The channel listened on: ``channel`` for the ledger, or another (the receipt keys':
    /// ``PostgresReceiptKeyStore/channel``).
    public let listenedChannel: String
    private let server: DatabaseLocation.PostgresServer
    private let password: String?
    private let logger: Logger
    private let signal: any LedgerChangeSignal
    private let state = Mutex(Status())
    /// How long to wait before connecting again after a connection was lost or refused.
    public let retryDelay: Duration
    /// How often an idle LISTEN connection is probed, and how long the probe may take.
    public let probeInterval: Duration

    /// A listener that feeds `signal`.
    /// - Parameters:
    ///   - server: the parsed `database.url`.
    ///   - password: the role's password.
    ///   - channel: the channel to listen on (the ledger's by default).
    ///   - signal: the node's waiters (``Ledger/LedgerChangeBroadcast``).
    ///   - logger: where connection losses are logged.
    ///   - retryDelay: the pause before connecting again.
    ///   - probeInterval: how often the idle connection proves it is alive (a server that vanished
    ///     without closing the socket is noticed within twice this).
    public init(
        _ server: DatabaseLocation.PostgresServer, password: String?, channel: String = PostgresChangeListener.channel,
        signal: any LedgerChangeSignal, logger: Logger, retryDelay: Duration = .seconds(1),
        probeInterval: Duration = .seconds(30)
    ) {
        listenedChannel = channel
        self.server = server
        self.password = password
        self.signal = signal
        self.logger = logger
        self.retryDelay = retryDelay
        self.probeInterval = probeInterval
    }

    /// What the listener has seen so far.
    public var status: Status { state.withLock { $0 } }

    /// Listens until the calling task is cancelled, reconnecting after every loss.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await listenOnce()
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "change listener lost its connection",
                    metadata: [
                        "channel": "\(listenedChannel)",
                        "error": "\(PostgresLedgerDatabase.ledgerError(error).message)",
                    ])
            }
            state.withLock { $0.backendPID = nil }
            try? await Task.sleep(for: retryDelay)
        }
    }

    /// One connection: LISTEN, wake everyone, then wake everyone per notification until it ends.
    private func listenOnce() async throws {
        let connection = try await PostgresLedgerDatabase.connect(server, password: password, logger: logger)
        do {
            let pid = try await connection.backendPID(within: probeInterval, logger: logger)
            try await connection.watch(
                listeningOn: listenedChannel, probeEvery: probeInterval, within: probeInterval, logger: logger,
                listening: {
                    state.withLock { status in
                        status.backendPID = pid
                        status.listens += 1
                    }
                    // Anything committed before this LISTEN took effect was not heard: waiters re-read.
                    signal.ledgerMoved()
                }, heard: { [self] payload in heard(payload) })
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private func heard(_ payload: String) {
        state.withLock { status in
            status.payloads.append(payload)
            if status.payloads.count > 1_000 { status.payloads.removeFirst(status.payloads.count - 1_000) }
        }
        signal.ledgerMoved()
    }
}
