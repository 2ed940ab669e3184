import Foundation

/// A request to enrol a device (``LedgerStore/enrolDevice(_:)``).
public struct DeviceDraft: Sendable, Hashable {
    /// The identifier.
    public var id: Device.ID
    /// A human name for the device.
    public var name: String
    /// What the device may do.
    public var role: Device.Role
    /// The zone codes (sorted and without repeats when stored; empty for none).
    public var zones: [String]
    /// ``Device/credentialHash(forToken:)`` of the token handed to the device.
    public var credentialHash: String
    /// When the device is enrolled.
    public var enrolledAt: Date
    /// A repeat with the same key returns the first device and creates nothing.
    public var idempotencyKey: String
    /// Who enrols the device (an admin device over HTTP; the server operator at the command line).
    public var actor: LedgerActor
    /// The fingerprint of the caller's request (``IdempotencyFingerprint/of(request:)``, over the
    /// whole canonical request body); nil: the fingerprint of this draft. A repeated key is answered
    /// with the first device only when the fingerprints are equal.
    public var requestHash: String?
    /// The person working with the device (``Device/attendant``), if known at enrolment.
    public var attendant: String?

    /// Creates a value from its parts.
    public init(
        id: Device.ID, name: String, role: Device.Role, zones: [String], credentialHash: String, enrolledAt: Date,
        idempotencyKey: String, actor: LedgerActor = .serverOperator, requestHash: String? = nil,
        attendant: String? = nil
    ) {
        self.attendant = attendant
        self.id = id
        self.name = name
        self.role = role
        self.zones = Device.normalisedZones(zones)
        self.credentialHash = credentialHash
        self.enrolledAt = enrolledAt
        self.idempotencyKey = idempotencyKey
        self.actor = actor
        self.requestHash = requestHash
    }

    /// Creates a draft in the single-zone form (`zone` is one zone code, or `-` for none).
    public init(
        id: Device.ID, name: String, role: Device.Role, zone: String, credentialHash: String, enrolledAt: Date,
        idempotencyKey: String
    ) {
        self.init(
            id: id, name: name, role: role, zones: Device.zones(legacy: zone), credentialHash: credentialHash,
            enrolledAt: enrolledAt, idempotencyKey: idempotencyKey)
    }

    /// The most zones one device may be enrolled for.
    public static let maximumZones = 64

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try LedgerValidation.deviceID(id, field: "id")
        try LedgerValidation.text(name, field: "name", maximum: 120)
        if let attendant {
            try LedgerValidation.text(attendant, field: "attendant", maximum: Device.maximumAttendantLength)
        }
        guard zones.count <= Self.maximumZones else {
            throw LedgerError(
                .invalidField, "zones has \(zones.count) zones, at most \(Self.maximumZones) are allowed",
                field: "zones")
        }
        for (index, zone) in zones.enumerated() {
            try LedgerValidation.token(zone, field: "zones[\(index)]", maximum: 32)
        }
        try LedgerValidation.token(idempotencyKey, field: "idempotencyKey", maximum: 128)
        try actor.validate()
        guard LedgerValidation.isSHA256Hex(credentialHash) else {
            throw LedgerError(
                .invalidField,
                "credentialHash must be 64 lower-case hex digits (SHA-256), is \"\(credentialHash.prefix(70))\"",
                field: "credentialHash")
        }
        if let requestHash { try IdempotencyFingerprint.validate(requestHash) }
    }
}
