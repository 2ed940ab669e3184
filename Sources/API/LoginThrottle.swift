import Foundation
import Synchronization

/// What the sign-in form keeps in memory (per server) to stay cheap under attack: one password
/// check at a time per client address (more wait in line, at most ``maximumWaiting`` of them, so one
/// address cannot fill the bcrypt gate every sign-in shares), and which locked (e-mail, address)
/// pairs were already written to the audit log in the current window.
final class LoginThrottle: Sendable {
    /// The most sign-ins of one address waiting behind its running check; more answer 429.
    static let maximumWaiting = 8
    /// The most locked pairs remembered; past it, old ones are forgotten first.
    static let maximumLocks = 10_000

    private struct Lines {
        var running: Set<String> = []
        var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let lines = Mutex(Lines())
    private let locksRecorded = Mutex<[String: Date]>([:])

    /// Waits for the turn of `address`; false (at once) when too many of its sign-ins already wait.
    func begin(_ address: String) async -> Bool {
        enum Turn { case now, refused, wait }
        let turn: Turn = lines.withLock { lines in
            if lines.running.insert(address).inserted { return .now }
            return lines.waiting[address, default: []].count >= Self.maximumWaiting ? .refused : .wait
        }
        switch turn {
        case .now: return true
        case .refused: return false
        case .wait:
            await withCheckedContinuation { continuation in
                let started: Bool = lines.withLock { lines in
                    // The running check may have ended meanwhile: take its place.
                    if lines.running.insert(address).inserted { return true }
                    lines.waiting[address, default: []].append(continuation)
                    return false
                }
                if started { continuation.resume() }
            }
            return true
        }
    }

    /// Ends the turn ``begin(_:)`` gave: the next waiting sign-in of the address goes on.
    func end(_ address: String) {
        let next: CheckedContinuation<Void, Never>? = lines.withLock { lines in
            if var queue = lines.waiting[address], !queue.isEmpty {
                let first = queue.removeFirst()
                lines.waiting[address] = queue.isEmpty ? nil : queue
                return first
            }
            lines.running.remove(address)
            return nil
        }
        next?.resume()
    }

    /// How many sign-ins of `address` wait for their turn.
    func waiting(_ address: String) -> Int {
        lines.withLock { $0.waiting[address]?.count ?? 0 }
    }

    /// Whether a `login.locked` line should be written for this pair now: once per `window`.
    func shouldRecordLock(email: String, address: String, now: Date, window: TimeInterval) -> Bool {
        let key = email + "\n" + address
        return locksRecorded.withLock { recorded in
            if let last = recorded[key], now.timeIntervalSince(last) < window { return false }
            if recorded.count >= Self.maximumLocks {
                recorded = recorded.filter { now.timeIntervalSince($0.value) < window }
                if recorded.count >= Self.maximumLocks { return false }
            }
            recorded[key] = now
            return true
        }
    }
}
