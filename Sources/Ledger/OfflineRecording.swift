import Foundation

/// An offline record the server accepted at sync (`offline.recorded`, an event of the device): the
/// signed record as the handheld sent it, what it became, and what the server flagged.
///
/// Appended before the events that create what the record made (`invoice.issued`,
/// `ticket.opened`, `ticket.closed`, `ticket.closedFree`, `ticket.voided`, carrying the record's
/// own times), so that the replay learns of a flagged sequence gap before the sequence after it.
public struct OfflineRecording: Sendable, Hashable {
    /// The record, with the device's signature.
    public var record: OfflineRecord
    /// When the server received it, and the handheld's clock at that sync.
    public var receivedAt: Date
    public var deviceClock: Date
    /// The ticket the record opened or acted on, and the invoice it made.
    public var ticketID: ParkingTicket.ID?
    public var invoiceID: Invoice.ID?
    /// The device's last sequence before a flagged gap (`sequence_gap` exception); nil when the
    /// record's sequence was the next one (or it takes none).
    public var gapAfter: Int64?
    /// The exceptions the server opened about the record, in the same transaction.
    public var exceptions: [ExceptionCase.ID]
    /// Who sent it (the device itself).
    public var actor: LedgerActor

    /// Creates a value from its parts.
    public init(
        record: OfflineRecord, receivedAt: Date, deviceClock: Date, ticketID: ParkingTicket.ID?,
        invoiceID: Invoice.ID?, gapAfter: Int64?, exceptions: [ExceptionCase.ID], actor: LedgerActor
    ) {
        self.record = record
        self.receivedAt = receivedAt.ledgerRounded
        self.deviceClock = deviceClock.ledgerRounded
        self.ticketID = ticketID
        self.invoiceID = invoiceID
        self.gapAfter = gapAfter
        self.exceptions = exceptions
        self.actor = actor
    }

    /// The record's idempotency key as stored (`deviceId:key`): the recording's identity.
    public var key: String { record.storedIdempotencyKey }

    /// The event payload.
    public var canonical: CanonicalJSON {
        .object([
            "record": record.canonical, "receivedAt": .time(receivedAt), "deviceClock": .time(deviceClock),
            "ticketId": .text(ticketID?.rawValue), "invoiceId": .text(invoiceID?.rawValue),
            "gapAfter": gapAfter.map { .int($0) } ?? .null,
            "exceptions": .array(exceptions.map { .string($0.rawValue) }),
            "source": .string("offline"), "actor": actor.canonical,
        ])
    }

    /// Reads an event payload (or a stored row's JSON).
    /// - Throws: `event.badPayload` naming the member.
    public init(canonical value: CanonicalJSON) throws {
        let body = try PayloadReader(value, path: "payload")
        let record: OfflineRecord
        do {
            record = try OfflineRecord(canonical: try body.value("record"))
        } catch let error as LedgerError where error.code != .eventBadPayload {
            throw body.bad("record", "is not an offline record: \(error.message)")
        }
        guard case .array(let items) = try body.value("exceptions") else {
            throw body.bad("exceptions", "is not an array")
        }
        let exceptions = try items.map { item -> ExceptionCase.ID in
            guard case .string(let id) = item else {
                throw body.bad("exceptions", "holds a value that is not a string")
            }
            return ExceptionCase.ID(id)
        }
        var gapAfter: Int64?
        if case .int(let value) = try body.value("gapAfter") { gapAfter = value }
        guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
        self.init(
            record: record, receivedAt: try body.time("receivedAt"), deviceClock: try body.time("deviceClock"),
            ticketID: try body.optionalString("ticketId").map(ParkingTicket.ID.init),
            invoiceID: try body.optionalString("invoiceId").map(Invoice.ID.init), gapAfter: gapAfter,
            exceptions: exceptions, actor: actor)
    }
}
