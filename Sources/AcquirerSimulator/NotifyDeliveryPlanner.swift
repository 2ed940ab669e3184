import Acquirer
import Ledger
import Reconciliation

/// Plans when each notify is delivered, with the configured faults, the same way for the same seed.
///
/// The HTTP adapter sleeps for each delivery's ``NotifyDelivery/delayMilliseconds`` (from the
/// moment of planning), signs the notify afresh, posts it, and retries a failed post by
/// ``NotifyRetryPolicy``.
public enum NotifyDeliveryPlanner {
    /// Plans deliveries for notifies in the order their payments happened.
    /// - Parameter references: the simulator's `referenceNo` of each paid transaction.
    public static func plan(references: [String], faults: NotifyFaults, seed: UInt64) -> NotifyDeliveryPlan {
        var random = SplitMix64(seed: seed)
        var deliveries: [NotifyDelivery] = []
        var dropped: [String] = []
        let low = max(0, faults.minimumDelayMilliseconds)
        let high = max(low, faults.maximumDelayMilliseconds)
        for reference in references {
            if Int.random(in: 0..<100, using: &random) < faults.dropPercent {
                dropped.append(reference)
                continue
            }
            deliveries.append(
                NotifyDelivery(
                    reference: reference, copy: 0, delayMilliseconds: Int.random(in: low...high, using: &random)))
            if Int.random(in: 0..<100, using: &random) < faults.duplicatePercent {
                deliveries.append(
                    NotifyDelivery(
                        reference: reference, copy: 1, delayMilliseconds: Int.random(in: low...high, using: &random)))
            }
        }
        if faults.outOfOrder, deliveries.count > 1 {
            // Keep the delays, hand them out in a shuffled order, and make sure the result differs.
            let original = deliveries.map(\.reference)
            deliveries.shuffle(using: &random)
            if deliveries.map(\.reference) == original { deliveries.reverse() }
            let step = max(1, (high - low) / deliveries.count)
            for index in deliveries.indices { deliveries[index].delayMilliseconds = low + index * step }
        } else {
            // In order: each delivery no earlier than the one before.
            var floor = 0
            for index in deliveries.indices {
                floor = max(floor, deliveries[index].delayMilliseconds)
                deliveries[index].delayMilliseconds = floor
            }
        }
        return NotifyDeliveryPlan(deliveries: deliveries, dropped: dropped)
    }
}

/// The planned deliveries, in sending order, and the notifies that will never be sent.
public struct NotifyDeliveryPlan: Sendable, Hashable {
    /// Deliveries in sending order.
    public var deliveries: [NotifyDelivery]
    /// References whose notify is never sent.
    public var dropped: [String]
}

/// One planned delivery of a notify.
public struct NotifyDelivery: Sendable, Hashable {
    /// The transaction's `referenceNo`.
    public var reference: String
    /// 0 for the first delivery, 1 for a duplicate.
    public var copy: Int
    /// Wait this long after planning before sending.
    public var delayMilliseconds: Int
}

/// Retries a notify that was not answered `2005200`: exponential back-off, then give up.
public struct NotifyRetryPolicy: Sendable, Hashable, Codable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The wait after the first failed attempt; doubled each time.
    public var firstDelayMilliseconds: Int

    /// Creates a value from its fields.
    public init(maximumAttempts: Int = 5, firstDelayMilliseconds: Int = 1000) {
        self.maximumAttempts = maximumAttempts
        self.firstDelayMilliseconds = firstDelayMilliseconds
    }

    /// The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or `nil` to give up.
    public func delayMilliseconds(afterAttempt attempt: Int) -> Int? {
        guard attempt >= 1, attempt < maximumAttempts else { return nil }
        return firstDelayMilliseconds << min(attempt - 1, 20)
    }

    /// Whether an answer ends the retries: the notify was accepted (2xx) or refused for good (4xx other than 429).
    public static func isFinal(httpStatus: Int) -> Bool {
        (200...299).contains(httpStatus) || ((400...499).contains(httpStatus) && httpStatus != 429)
    }
}
