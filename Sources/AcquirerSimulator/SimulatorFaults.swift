import Acquirer
import Ledger
import Reconciliation

/// Faults the simulator injects, as a real acquirer's would happen.
public struct SimulatorFaults: Sendable, Hashable, Codable {
    /// How a generate call fails.
    public enum GenerateFailure: String, Sendable, Hashable, Codable {
        /// 500 before anything is created (a query finds nothing).
        case beforeCreating = "before-creating"
        /// 500 after the QR was created (the answer is lost; a query finds it).
        case afterCreating = "after-creating"
    }

    /// The next this-many generate calls answer 500 `50047xx01`.
    public var failingGenerates: Int
    /// How the failing generates fail.
    public var generateFailure: GenerateFailure
    /// Notify delivery faults.
    public var notify: NotifyFaults

    /// Creates a value from its fields.
    public init(
        failingGenerates: Int = 0, generateFailure: GenerateFailure = .beforeCreating,
        notify: NotifyFaults = NotifyFaults()
    ) {
        self.failingGenerates = failingGenerates
        self.generateFailure = generateFailure
        self.notify = notify
    }

    /// No faults.
    public static let none = SimulatorFaults()
}

/// Faults in notify delivery, applied by ``NotifyDeliveryPlanner`` deterministically from a seed.
public struct NotifyFaults: Sendable, Hashable, Codable {
    /// Percent chance (0–100) that a notify is delivered a second time.
    public var duplicatePercent: Int
    /// Percent chance (0–100) that a notify is never sent.
    public var dropPercent: Int
    /// Deliver notifies out of the order the payments happened.
    public var outOfOrder: Bool
    /// Each delivery waits a delay drawn from this range, in milliseconds.
    public var minimumDelayMilliseconds: Int
    /// The longest delay.
    public var maximumDelayMilliseconds: Int

    /// Creates a value from its fields.
    public init(
        duplicatePercent: Int = 0, dropPercent: Int = 0, outOfOrder: Bool = false, minimumDelayMilliseconds: Int = 0,
        maximumDelayMilliseconds: Int = 0
    ) {
        self.duplicatePercent = duplicatePercent
        self.dropPercent = dropPercent
        self.outOfOrder = outOfOrder
        self.minimumDelayMilliseconds = minimumDelayMilliseconds
        self.maximumDelayMilliseconds = maximumDelayMilliseconds
    }
}
