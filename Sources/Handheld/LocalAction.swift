import Foundation

/// One action of the attendant as the queue keeps it: done online (a record of what the server
/// answered) or offline (a signed record waiting for sync, then its sync result).
public struct LocalAction: Sendable, Hashable {
    /// The action's kind, as the offline record names it.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        /// A flat ticket billed at entry.
        case issue
        /// An hourly ticket opened at entry.
        case open
        /// An hourly ticket closed and billed at exit.
        case exit
        /// An hourly ticket closed at Rp0.
        case exitFree
        /// A ticket voided.
        case void
    }

    /// Where an offline record stands in sync.
    public enum SyncState: String, Sendable, Hashable, CaseIterable {
        /// Waiting to be sent.
        case queued
        /// Recorded by the server.
        case recorded
        /// Already recorded (the same idempotency key): the server answered with the same ids.
        case duplicate
        /// Refused by the server (the result says why).
        case refused
        /// Recorded with an exception the server raised (tariff disagreement, sequence gap, skew).
        case exception
    }

    /// The queue's row id (the order of actions on this handheld).
    public var id: Int64
    /// The idempotency key, the same for an online attempt and its offline record.
    public var idempotencyKey: String
    /// The kind of action.
    public var operation: Operation
    /// The ticket it acted on (``LocalTicket/localID``).
    public var ticketLocalID: String
    /// Whether it was done online or offline.
    public var offline: Bool
    /// When it happened on the handheld's clock.
    public var at: Date
    /// The device sequence it took (issue, open, exit).
    public var sequence: Int64?
    /// The amount it billed.
    public var amount: Int64?
    /// The shift it belongs to.
    public var shiftID: Int64?
    /// The signed offline record (canonical JSON), for offline actions.
    public var record: String?
    /// Where the offline record stands in sync; nil for online actions.
    public var syncState: SyncState?
    /// The server's result for the record (JSON), once synced.
    public var syncResult: String?

    /// Creates an action record from its parts (``id`` is assigned by the queue when stored).
    public init(
        id: Int64, idempotencyKey: String, operation: Operation, ticketLocalID: String, offline: Bool, at: Date,
        sequence: Int64?, amount: Int64?, shiftID: Int64?, record: String?, syncState: SyncState?, syncResult: String?
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.operation = operation
        self.ticketLocalID = ticketLocalID
        self.offline = offline
        self.at = at
        self.sequence = sequence
        self.amount = amount
        self.shiftID = shiftID
        self.record = record
        self.syncState = syncState
        self.syncResult = syncResult
    }
}
