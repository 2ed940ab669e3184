import Foundation

/// Waiting for a condition with a deadline: a time-out that fails the test, never a sleep that
/// hopes the condition became true meanwhile.
public enum Condition {
    /// The condition did not hold before the deadline.
    public struct TimedOut: Error, CustomStringConvertible {
        public var what: String
        public var limit: Duration
        public var description: String { "gave up after \(limit) waiting until \(what)" }
    }

    /// Checks `condition` every 20 ms until it holds; throws ``TimedOut`` after `limit`.
    /// - Parameters:
    ///   - what: what is awaited, for the failure's message.
    ///   - limit: the deadline (a bound on a broken run, not a timing assertion).
    ///   - condition: checked at once and then every 20 ms.
    public static func waitUntil(
        _ what: String, within limit: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while true {
            if try await condition() { return }
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what, limit: limit) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
