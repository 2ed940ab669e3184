import Crypto
import Foundation

/// One entry of the append-only, hash-chained event log.
///
/// Every state change of the ledger appends exactly one event; nothing is updated or deleted.
/// `hash = SHA-256(previousHash ‖ canonicalBytes)`, where ``canonicalBytes`` is the canonical JSON
/// (``CanonicalJSON``) of `{"at":…,"entity":…,"kind":…,"payload":…,"seq":…}`. The first event's
/// previous hash is 32 zero bytes.
public struct LedgerEvent: Sendable, Hashable {
    /// The kinds of events. The raw value is stored and hashed.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case deviceEnrolled = "device.enrolled"
        case deviceRevoked = "device.revoked"
        case deviceAttendantChanged = "device.attendantChanged"
        case deviceKeyRegistered = "device.keyRegistered"
        case offlineRecorded = "offline.recorded"
        case offlineBundleIssued = "offline.bundleIssued"
        case invoiceIssued = "invoice.issued"
        case invoiceCancelled = "invoice.cancelled"
        case invoiceExpired = "invoice.expired"
        case invoiceSettled = "invoice.settled"
        case invoiceRefunded = "invoice.refunded"
        case invoiceUnsettled = "invoice.unsettled"
        case ticketOpened = "ticket.opened"
        case ticketClosed = "ticket.closed"
        case ticketClosedFree = "ticket.closedFree"
        case ticketVoided = "ticket.voided"
        case ticketReprinted = "ticket.reprinted"
        case paymentRecorded = "payment.recorded"
        case paymentException = "payment.exception"
        case settlementImported = "settlement.imported"
        case settlementApplied = "settlement.applied"
        case settlementWithdrawn = "settlement.withdrawn"
        case exceptionOpened = "exception.opened"
        case exceptionAssigned = "exception.assigned"
        case exceptionResolved = "exception.resolved"
        case complaintFiled = "complaint.filed"
        case complaintAssigned = "complaint.assigned"
        case complaintAnswered = "complaint.answered"
        case complaintResolved = "complaint.resolved"
        case dayClosed = "day.closed"
        case paymentRefunded = "payment.refunded"
        case paymentReversed = "payment.reversed"
    }

    /// The position in the log: 1, 2, 3, … without gaps.
    public var sequence: Int64
    /// What happened.
    public var kind: Kind
    /// The entity the event is about: a device, invoice, ticket or exception id. Payments are
    /// events of their invoice, so an invoice's events show when it was paid.
    public var entityID: String
    /// When the change happened (business time, UTC, millisecond precision).
    public var at: Date
    /// The canonical JSON text of the event's content.
    public var payload: String
    /// The previous event's hash (32 zero bytes for the first event).
    public var previousHash: [UInt8]
    /// SHA-256 of `previousHash ‖ canonicalBytes`.
    public var hash: [UInt8]

    /// Creates a value from its parts.
    public init(
        sequence: Int64, kind: Kind, entityID: String, at: Date, payload: String, previousHash: [UInt8],
        hash: [UInt8]
    ) {
        self.sequence = sequence
        self.kind = kind
        self.entityID = entityID
        self.at = at
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The previous hash of the first event.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// The bytes the hash covers for an event with these fields.
    public static func canonicalBytes(
        sequence: Int64, kind: String, entityID: String, atMilliseconds: Int64, payload: CanonicalJSON
    ) -> [UInt8] {
        canonicalBytes(
            sequence: sequence, kind: kind, entityID: entityID, atMilliseconds: atMilliseconds,
            payloadBytes: payload.bytes)
    }

    /// ``canonicalBytes(sequence:kind:entityID:atMilliseconds:payload:)`` around payload bytes that
    /// are already canonical: the members `at`, `entity`, `kind`, `payload`, `seq` in their sorted
    /// order, so the result is byte-for-byte the canonical form of the whole object.
    static func canonicalBytes(
        sequence: Int64, kind: String, entityID: String, atMilliseconds: Int64, payloadBytes: [UInt8]
    ) -> [UInt8] {
        // `{"at":…,"entity":…,"kind":…,"payload":…,"seq":…}`: the members in their sorted order.
        var out: [UInt8] = []
        out.reserveCapacity(payloadBytes.count + entityID.utf8.count + kind.utf8.count + 64)
        out.append(contentsOf: #"{"at":"#.utf8)
        CanonicalObjectWriter.writeInt(atMilliseconds, into: &out)
        out.append(contentsOf: #","entity":"#.utf8)
        CanonicalJSON.writeString(entityID, into: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        CanonicalJSON.writeString(kind, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: payloadBytes)
        out.append(contentsOf: #","seq":"#.utf8)
        CanonicalObjectWriter.writeInt(sequence, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `SHA-256(previousHash ‖ canonicalBytes)`.
    public static func chainHash(previous: [UInt8], canonicalBytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonicalBytes)
        return Array(hasher.finalize())
    }

    /// Builds the next event of the chain for a fact.
    ///
    /// - Parameters:
    ///   - fact: what happened.
    ///   - at: when it happened.
    ///   - after: the chain's current head (sequence 0 and ``genesisHash`` for an empty log).
    public static func make(_ fact: LedgerFact, at: Date, after head: ChainHead) -> LedgerEvent {
        let payload = fact.payloadBytes
        let sequence = head.sequence + 1
        let atMilliseconds = at.ledgerMilliseconds
        let bytes = canonicalBytes(
            sequence: sequence, kind: fact.kind.rawValue, entityID: fact.entityID, atMilliseconds: atMilliseconds,
            payloadBytes: payload)
        return LedgerEvent(
            sequence: sequence, kind: fact.kind, entityID: fact.entityID, at: Date(ledgerMilliseconds: atMilliseconds),
            payload: String(decoding: payload, as: UTF8.self), previousHash: head.hash,
            hash: chainHash(previous: head.hash, canonicalBytes: bytes))
    }

    /// The hex form of ``hash``.
    public var hashHex: String { hash.ledgerHex }
}

/// The last event of the chain: where the next event attaches.
public struct ChainHead: Sendable, Hashable {
    /// The sequence number of the last event (0 for an empty log).
    public var sequence: Int64
    /// The last event's hash.
    public var hash: [UInt8]

    /// Creates a value from its parts.
    public init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty log.
    public static let empty = ChainHead(sequence: 0, hash: LedgerEvent.genesisHash)
}

extension LedgerEvent {
    /// The event's fact, decoded from its payload.
    /// - Throws: `event.badPayload` when the payload is not a fact of its kind.
    public func fact() throws -> LedgerFact {
        try LedgerFact.decode(kind: kind, entityID: entityID, payload: try CanonicalJSON.parse(payload))
    }
}
