import Dispatch
import Ledger
import LedgerSQL
import Logging
import PostgresNIO

/// One PostgreSQL session behind a serial dispatch queue: the blocking ledger SQL runs there, off
/// Swift's cooperative threads, one job at a time (issue #18).
///
/// The PostgreSQL store will keep one for its writer (the group commit's transactions) and a few
/// for reads. The connection opens on the first job and again on the next job after it was lost
/// (a server restart, a failover, `pg_terminate_backend`): the job that met the loss fails with
/// `storage.failure`, and the caller's retry with the same idempotency key is what makes it safe.
public final class PostgresSessionQueue: @unchecked Sendable {
    // `@unchecked Sendable`: `session` is read and written only on `queue`.
    private let queue: DispatchQueue
    private let server: DatabaseLocation.PostgresServer
    private let password: String?
    private let logger: Logger
    private let answerTimeout: Duration
    private var session: PostgresSession?

    /// A queue that connects to `server` when it first needs to; a statement without an answer
    /// within `answerTimeout` loses the connection (``PostgresSession/open(_:password:logger:answerTimeout:)``).
    public init(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, label: String,
        answerTimeout: Duration = .seconds(60)
    ) {
        self.server = server
        self.password = password
        self.logger = logger
        self.answerTimeout = answerTimeout
        self.queue = DispatchQueue(label: "lunas.postgres.\(label)")
    }

    /// Runs `body` on the queue's session, after every job submitted before it.
    /// - Throws: what `body` throws; `storage.failure` when no connection could be opened.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.onQueue(body) })
            }
        }
    }

    /// Closes the session (the next job opens a new one).
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.session?.close()
                self.session = nil
                continuation.resume()
            }
        }
    }

    private func onQueue<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let current =
            try session
            ?? PostgresSession.open(server, password: password, logger: logger, answerTimeout: answerTimeout)
        session = current
        do {
            return try body(current)
        } catch {
            if case .connectionLost? = error as? SQLFailure {
                current.close()
                session = nil
            } else if current.connection.isClosed {
                session = nil
            }
            throw error
        }
    }
}
