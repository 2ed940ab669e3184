import Foundation
import Ledger
import LunasTestSupport
import Synchronization
import Testing

/// The in-process "the ledger moved; re-read" signal (issue #18): waiters wake on a move, at their
/// deadline or when cancelled, and never miss a move made between their read and their wait.
@Suite("LedgerChangeBroadcast")
struct LedgerChangeBroadcastTests {
    /// A deadline far enough away that reaching it means the wake-up did not come (the full suite
    /// keeps both cores busy for minutes: a task may wait long for its first turn).
    static var far: ContinuousClock.Instant { .now.advanced(by: .seconds(600)) }

    @Test("one move wakes every waiter, long before their deadline")
    func moveWakesAll() async throws {
        let broadcast = LedgerChangeBroadcast()
        let seen = broadcast.generation
        let deadline = Self.far
        let waiters = (0..<50).map { _ in Task { await broadcast.wait(after: seen, until: deadline) } }
        try await Condition.waitUntil("50 tasks wait", within: .seconds(300)) { broadcast.waiting == 50 }
        broadcast.ledgerMoved()
        for waiter in waiters { await waiter.value }
        #expect(ContinuousClock.now < deadline)
        #expect(broadcast.generation == seen + 1)
        #expect(broadcast.waiting == 0)
    }

    @Test("a move between the read and the wait is not lost: the wait returns at once")
    func noLostWakeUp() async {
        let broadcast = LedgerChangeBroadcast()
        let seen = broadcast.generation
        broadcast.ledgerMoved()
        let deadline = Self.far
        await broadcast.wait(after: seen, until: deadline)
        #expect(ContinuousClock.now < deadline)
        #expect(broadcast.waiting == 0)
    }

    @Test("without a move the wait ends at its deadline, and leaves no waiter behind")
    func deadline() async {
        let broadcast = LedgerChangeBroadcast()
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(50))
        await broadcast.wait(after: broadcast.generation, until: deadline)
        #expect(ContinuousClock.now >= deadline)
        #expect(broadcast.generation == 0)
        #expect(broadcast.waiting == 0)
    }

    @Test("a cancelled waiter returns and is forgotten; the others still wait for the move")
    func cancellation() async throws {
        let broadcast = LedgerChangeBroadcast()
        let deadline = Self.far
        let cancelled = Task { await broadcast.wait(after: 0, until: deadline) }
        let kept = Task { await broadcast.wait(after: 0, until: deadline) }
        try await Condition.waitUntil("2 tasks wait", within: .seconds(300)) { broadcast.waiting == 2 }
        cancelled.cancel()
        await cancelled.value
        try await Condition.waitUntil("the cancelled waiter is gone", within: .seconds(300)) {
            broadcast.waiting == 1
        }
        broadcast.ledgerMoved()
        await kept.value
        #expect(ContinuousClock.now < deadline)
    }

    @Test("a task cancelled before it waits returns at once")
    func cancelledBefore() async {
        let broadcast = LedgerChangeBroadcast()
        let deadline = Self.far
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await broadcast.wait(after: 0, until: deadline)
        }
        await task.value
        #expect(ContinuousClock.now < deadline)
        #expect(broadcast.waiting == 0)
    }

    @Test("AlwaysLeader runs a round at once, on the caller's task, and stops when that task is cancelled")
    func alwaysLeader() async {
        let ran = Task { () -> Bool in
            let flag = Flag()
            // The round cancels its own task (the caller's): the pause after it ends the lead at once,
            // although the interval is an hour.
            await AlwaysLeader().lead(every: .seconds(3600)) {
                flag.set()
                withUnsafeCurrentTask { $0?.cancel() }
            }
            return flag.value
        }
        #expect(await ran.value)
    }
}

/// A set-once flag a `@Sendable` job can set.
private final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}
