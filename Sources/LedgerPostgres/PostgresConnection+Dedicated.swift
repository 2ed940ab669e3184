import Logging
import PostgresNIO
import Synchronization

/// What a dedicated, long-held connection needs (a LISTEN connection, a leadership's lock session):
/// its backend's id, statements that cannot hang, and a wait for its end that a cancellation ends.
extension PostgresConnection {
    /// The connection's own backend process id (`pg_backend_pid()`), answered within `limit`.
    /// - Throws: postgres-nio's error, or ``ProbeTimeout`` (and the connection is closed).
    func backendPID(within limit: Duration, logger: Logger) async throws -> Int32 {
        try await answer(within: limit, "pg_backend_pid()") { connection in
            var pid: Int32 = 0
            for try await value in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(
                Int32.self)
            {
                pid = value
            }
            return pid
        }
    }

    /// What `operation` answers on this connection, within `limit`.
    ///
    /// A connection whose server went away without closing the socket would never answer, and
    /// postgres-nio 1.33.2 sometimes never answers a statement sent on an idle connection the server
    /// has ended: after `limit` the connection is closed and the call fails. The operation runs in a task of its own,
    /// so one that never answers cannot hold the caller.
    /// - Throws: what `operation` throws, or ``ProbeTimeout``.
    func answer<Value: Sendable>(
        within limit: Duration, _ what: String,
        _ operation: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let once = OnceContinuation<Value>()
        return try await withCheckedThrowingContinuation { continuation in
            once.install(continuation)
            let timer = Task {
                try await Task.sleep(for: limit)
                once.resume(with: .failure(ProbeTimeout(what: what, limit: limit)))
                try? await self.close()
            }
            Task {
                do {
                    once.resume(with: .success(try await operation(self)))
                } catch {
                    once.resume(with: .failure(error))
                }
                timer.cancel()
            }
        }
    }

    /// Watches the idle connection until it ends: LISTENs on `channel`, hands each notification's
    /// payload to `heard`, and probes the connection every `interval` (``backendPID(within:logger:)``).
    ///
    /// The LISTEN also makes postgres-nio notice at once when the server ends the idle connection
    /// (`pg_terminate_backend`, a restart); without one, postgres-nio 1.33.2 did not (no close, and the
    /// next statement went unanswered until its time-out).
    /// - Parameters:
    ///   - listening: called once the LISTEN took effect (what was sent before it is not heard).
    /// - Throws: ``ConnectionEnded`` when the connection closed, its notifications ended or a probe
    ///   failed; `CancellationError` when the calling task is cancelled.
    func watch(
        listeningOn channel: String, probeEvery interval: Duration, within timeout: Duration, logger: Logger,
        listening: () -> Void = {}, heard: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        try await listen(on: channel) { notifications in
            listening()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await notification in notifications { heard(notification.payload) }
                    try Task.checkCancellation()
                    throw ConnectionEnded()
                }
                group.addTask {
                    await self.waitUntilClosed()
                    try Task.checkCancellation()
                    throw ConnectionEnded()
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        _ = try await self.backendPID(within: timeout, logger: logger)
                    }
                }
                // Every child ends by throwing: the first is the end of the watch.
                defer { group.cancelAll() }
                _ = try await group.next()
            }
        }
    }

    /// Returns when the connection is closed (by either side) or the calling task is cancelled.
    func waitUntilClosed() async {
        let once = OnceContinuation<Void>()
        await withTaskCancellationHandler {
            _ = try? await withCheckedThrowingContinuation { continuation in
                once.install(continuation)
                closeFuture.whenComplete { _ in once.resume(with: .success(())) }
                // Cancelled before the continuation was installed: the handler below found nothing.
                if Task.isCancelled { once.resume(with: .success(())) }
            }
        } onCancel: {
            once.resume(with: .success(()))
        }
    }
}

/// A continuation resumed by whichever comes first (an answer, a timer, a cancellation); later
/// resumptions are ignored.
final class OnceContinuation<Value: Sendable>: Sendable {
    private let slot = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        slot.withLock { $0 = continuation }
    }

    func resume(with result: Result<Value, any Error>) {
        slot.withLock { $0.take() }?.resume(with: result)
    }
}

/// A watched connection ended (closed by either side, or silent).
struct ConnectionEnded: Error, CustomStringConvertible {
    var description: String { "the dedicated PostgreSQL connection ended" }
}

/// A dedicated connection did not answer in time (and was closed).
struct ProbeTimeout: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "PostgreSQL did not answer \(what) within \(limit)" }
}
