import Dispatch
import Logging
import Synchronization

/// Lets a test wait until the server has a request in hand: a swift-log handler that watches for
/// the "Request" line Hummingbird's `LogRequestsMiddleware` (installed first by `buildRouter`, at
/// info level) logs when a request enters the router, before its route runs.
///
/// Give ``logger`` to ``APIFixture/live(logger:_:)`` and await ``arrival(of:guardSeconds:)``.
final class RequestArrivals: Sendable {
    private struct State {
        var seen: [String] = []
        var waiters: [(uri: String, resume: @Sendable (Bool) -> Void)] = []
    }

    private let state = Mutex(State())

    /// A logger at info level whose messages this object watches (and otherwise drops).
    var logger: Logger {
        var logger = Logger(label: "lunas-test") { _ in Handler(arrivals: self) }
        logger.logLevel = .info
        return logger
    }

    /// Every logged request URI so far (path, and query where the server logs it), in order.
    var uris: [String] { state.withLock { $0.seen } }

    /// Waits until a request whose URI (path and query) contains `uri` has entered the router.
    /// - Returns: false when none did within `guardSeconds` (a guard against a hang, not a measure).
    func arrival(of uri: String, guardSeconds: Int = 30) async -> Bool {
        await withCheckedContinuation { continuation in
            let once = Mutex(false)
            let resume: @Sendable (Bool) -> Void = { arrived in
                let first = once.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: arrived) }
            }
            let already = state.withLock { state in
                if state.seen.contains(where: { $0.contains(uri) }) { return true }
                state.waiters.append((uri, resume))
                return false
            }
            if already {
                resume(true)
            } else {
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(guardSeconds)) { resume(false) }
            }
        }
    }

    fileprivate func arrived(_ uri: String) {
        let ready = state.withLock { state in
            state.seen.append(uri)
            let ready = state.waiters.filter { uri.contains($0.uri) }
            state.waiters.removeAll { uri.contains($0.uri) }
            return ready
        }
        for waiter in ready { waiter.resume(true) }
    }

    private struct Handler: LogHandler {
        let arrivals: RequestArrivals
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "Request", let uri = event.metadata?["hb.request.path"] else { return }
            arrivals.arrived(uri.description)
        }
    }
}
