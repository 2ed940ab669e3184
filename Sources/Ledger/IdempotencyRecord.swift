/// A used idempotency key: which create operation used it, for which entity, with which request.
public struct IdempotencyRecord: Sendable, Hashable {
    /// The operations that take idempotency keys.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case enrolDevice = "device.enrol"
        case issueInvoice = "invoice.issue"
        case openTicket = "ticket.open"
        case closeTicket = "ticket.close"
        case refundPayment = "payment.refund"
        case reprintTicket = "ticket.reprint"
    }

    /// The idempotency key as the caller sent it.
    public var key: String
    /// The create operation that used the key.
    public var operation: Operation
    /// The device, invoice or ticket the first request created.
    public var entityID: String
    /// ``IdempotencyFingerprint`` of the first request.
    public var requestHash: String

    /// Creates a value from its parts.
    public init(key: String, operation: Operation, entityID: String, requestHash: String) {
        self.key = key
        self.operation = operation
        self.entityID = entityID
        self.requestHash = requestHash
    }
}
