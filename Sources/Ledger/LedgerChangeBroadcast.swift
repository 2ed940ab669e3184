import Synchronization

/// The in-process ``LedgerChangeSignal``: a generation counter and the waiters of this process.
///
/// On one node (SQLite) the writers call ``ledgerMoved()`` after they commit. On several nodes
/// (PostgreSQL) a LISTEN connection calls it for every notification, and once more after it
/// reconnected (notifications sent while it was away are lost, so every waiter re-reads).
public final class LedgerChangeBroadcast: LedgerChangeSignal {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// A broadcast at generation 0 with no waiters.
    public init() {}

    public var generation: UInt64 { state.withLock { $0.generation } }

    /// How many tasks wait now (for tests and metrics).
    public var waiting: Int { state.withLock { $0.waiters.count } }

    public func ledgerMoved() {
        let woken = state.withLock { state in
            state.generation &+= 1
            let woken = Array(state.waiters.values)
            state.waiters.removeAll()
            return woken
        }
        for waiter in woken { waiter.resume() }
    }

    public func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async {
        guard generation == seen, ContinuousClock.now < deadline, !Task.isCancelled else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForMove(after: seen) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            // The first to end (a move, the deadline or cancellation) ends the other.
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Returns at the next ``ledgerMoved()`` after `seen`, or when cancelled.
    private func waitForMove(after seen: UInt64) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    // Moved already, or cancelled before registering: the handler below found nothing to resume.
                    if state.generation != seen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
