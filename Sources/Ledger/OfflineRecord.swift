import Crypto
import Foundation

/// One action a handheld took while offline, queued and later sent to
/// `POST /api/v1/devices/me/offline-tickets`, signed with the device's Ed25519 key.
///
/// Canonical JSON (times RFC 3339 UTC with milliseconds, ``OfflineTime``; money integer rupiah;
/// members that do not apply to the operation are absent, never `null`):
/// `recordVersion`, `deviceId`, `deviceCode`, `operation`, `idempotencyKey` (the same key an
/// online attempt of the action used), `sequence` (issue/open/exit), `plate`, `vehicleClass`,
/// `zone`, `entryAt` (issue/open), `ticket` (exit/exitFree/void: `{"id": "tkt_…"}` or
/// `{"sequence": 55}`), `exitAt` (exit/exitFree), `amount`, `billNumber`, `qrisPayload`
/// (issue/exit), `reason` (void), `at`, `bundleId`, `signature` (base64 Ed25519 over the canonical
/// bytes without `signature`: ``signedBytes``).
public struct OfflineRecord: Sendable, Hashable, Codable {
    /// The record format version (`recordVersion`).
    public static let version: Int64 = 1

    /// What the handheld did.
    public enum Operation: String, Sendable, Hashable, CaseIterable, Codable {
        /// Issued a ticket paid at entry (a flat tariff): a ticket with its invoice.
        case issue
        /// Opened an hourly ticket, paid at exit.
        case open
        /// Closed a ticket with a charge: the exit invoice.
        case exit
        /// Closed a ticket at Rp0 (within the grace period).
        case exitFree
        /// Voided a ticket.
        case void

        /// Whether the operation takes a device sequence number.
        public var takesSequence: Bool { self == .issue || self == .open || self == .exit }
        /// Whether the operation makes an invoice (amount, bill number, QRIS).
        public var makesInvoice: Bool { self == .issue || self == .exit }
        /// Whether the operation starts a ticket (plate, class, zone, entry).
        public var startsTicket: Bool { self == .issue || self == .open }
        /// Whether the operation acts on an existing ticket.
        public var needsTicket: Bool { !startsTicket }
    }

    /// The ticket an exit, free exit or void acts on.
    public enum TicketReference: Sendable, Hashable {
        /// A ticket the server issued online, by id.
        case id(String)
        /// A ticket this device opened offline, by the sequence its `open` took.
        case sequence(Int64)

        var canonical: CanonicalJSON {
            switch self {
            case .id(let id): .object(["id": .string(id)])
            case .sequence(let sequence): .object(["sequence": .int(sequence)])
            }
        }
    }

    public var deviceID: Device.ID
    public var deviceCode: DeviceCode
    public var operation: Operation
    /// The idempotency key (1–96 printable ASCII characters without spaces): the `Idempotency-Key`
    /// an online attempt of the same action sent.
    public var idempotencyKey: String
    public var sequence: Int64?
    public var plate: String?
    public var vehicleClass: String?
    public var zone: String?
    public var entryAt: Date?
    public var ticket: TicketReference?
    public var exitAt: Date?
    /// What the handheld charged, in rupiah (its own tariff evaluation).
    public var amount: Int64?
    /// The offline bill number (``OfflineBillNumber``).
    public var billNumber: String?
    /// The QRIS payload it printed.
    public var qrisPayload: String?
    /// Why a ticket was voided.
    public var reason: String?
    /// When the action happened, by the handheld's clock.
    public var at: Date
    /// The bundle the handheld used (``OfflineBundle/bundleID``).
    public var bundleID: String
    /// Base64 Ed25519 signature over ``signedBytes``; empty until ``signed(with:)``.
    public var signature: String

    /// Creates a record from its parts (unsigned: `signature` empty unless given).
    public init(
        deviceID: Device.ID, deviceCode: DeviceCode, operation: Operation, idempotencyKey: String,
        sequence: Int64? = nil, plate: String? = nil, vehicleClass: String? = nil, zone: String? = nil,
        entryAt: Date? = nil, ticket: TicketReference? = nil, exitAt: Date? = nil, amount: Int64? = nil,
        billNumber: String? = nil, qrisPayload: String? = nil, reason: String? = nil, at: Date, bundleID: String,
        signature: String = ""
    ) {
        self.deviceID = deviceID
        self.deviceCode = deviceCode
        self.operation = operation
        self.idempotencyKey = idempotencyKey
        self.sequence = sequence
        self.plate = plate
        self.vehicleClass = vehicleClass
        self.zone = zone
        self.entryAt = entryAt?.ledgerRounded
        self.ticket = ticket
        self.exitAt = exitAt?.ledgerRounded
        self.amount = amount
        self.billNumber = billNumber
        self.qrisPayload = qrisPayload
        self.reason = reason
        self.at = at.ledgerRounded
        self.bundleID = bundleID
        self.signature = signature
    }

    /// The record without `signature`: what is signed.
    public var unsigned: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "recordVersion": .int(Self.version), "deviceId": .string(deviceID.rawValue),
            "deviceCode": .string(deviceCode.rawValue), "operation": .string(operation.rawValue),
            "idempotencyKey": .string(idempotencyKey), "at": .string(OfflineTime.format(at)),
            "bundleId": .string(bundleID),
        ]
        if let sequence { members["sequence"] = .int(sequence) }
        if let plate { members["plate"] = .string(plate) }
        if let vehicleClass { members["vehicleClass"] = .string(vehicleClass) }
        if let zone { members["zone"] = .string(zone) }
        if let entryAt { members["entryAt"] = .string(OfflineTime.format(entryAt)) }
        if let ticket { members["ticket"] = ticket.canonical }
        if let exitAt { members["exitAt"] = .string(OfflineTime.format(exitAt)) }
        if let amount { members["amount"] = .int(amount) }
        if let billNumber { members["billNumber"] = .string(billNumber) }
        if let qrisPayload { members["qrisPayload"] = .string(qrisPayload) }
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }

    /// The bytes the signature covers: the canonical JSON of ``unsigned``.
    public var signedBytes: [UInt8] { unsigned.bytes }

    /// The whole record, signature included.
    public var canonical: CanonicalJSON {
        guard case .object(var members) = unsigned else { return unsigned }
        members["signature"] = .string(signature)
        return .object(members)
    }

    /// The record signed with the device's key.
    public func signed(with key: DeviceSigningKey) throws -> OfflineRecord {
        var copy = self
        copy.signature = try key.signature(for: signedBytes)
        return copy
    }

    /// Whether the signature verifies with the device's registered public key.
    public func hasValidSignature(publicKey: DevicePublicKey) -> Bool {
        publicKey.isValidSignature(base64: signature, for: signedBytes)
    }

    /// The SHA-256 (hex) of the whole canonical record: what the ledger event keeps to tie the
    /// recorded action to the signed original.
    public var digest: String { Array(SHA256.hash(data: canonical.bytes)).ledgerHex }

    public init(from decoder: any Decoder) throws {
        let value = try CanonicalJSON(from: decoder)
        do {
            try self.init(canonical: value)
        } catch let error as LedgerError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try canonical.encode(to: encoder)
    }
}

extension LedgerError.Code {
    /// An offline record is malformed: a member is missing, mistyped, unknown or does not fit
    /// its operation.
    public static let invalidOfflineRecord = LedgerError.Code("offline.invalidRecord")
}

extension OfflineRecord {
    /// The key as the ledger stores it: prefixed with the device id, as the API stores an online
    /// request's `Idempotency-Key`, so that an online attempt the server committed is found.
    public var storedIdempotencyKey: String { "\(deviceID.rawValue):\(idempotencyKey)" }
}
