import Foundation

/// A request to enrol a device (``LedgerStore/enrolDevice(_:)``).
public struct DeviceDraft: Sendable, Hashable {
    /// The identifier.
    public var id: Device.ID
    /// A human name for the device.
    public var name: String
    /// What the device may do.
    public var role: Device.Role
    /// The zone code.
    public var zone: String
    /// ``Device/credentialHash(forToken:)`` of the token handed to the device.
    public var credentialHash: String
    /// When the device is enrolled.
    public var enrolledAt: Date
    /// A repeat with the same key returns the first device and creates nothing.
    public var idempotencyKey: String

    /// Creates a value from its parts.
    public init(
        id: Device.ID, name: String, role: Device.Role, zone: String, credentialHash: String, enrolledAt: Date,
        idempotencyKey: String
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.zone = zone
        self.credentialHash = credentialHash
        self.enrolledAt = enrolledAt
        self.idempotencyKey = idempotencyKey
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try LedgerValidation.deviceID(id, field: "id")
        try LedgerValidation.text(name, field: "name", maximum: 120)
        try LedgerValidation.token(zone, field: "zone", maximum: 32)
        try LedgerValidation.token(idempotencyKey, field: "idempotencyKey", maximum: 128)
        let isHex = credentialHash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard credentialHash.utf8.count == 64, isHex else {
            throw LedgerError(
                .invalidField,
                "credentialHash must be 64 lower-case hex digits (SHA-256), is \"\(credentialHash.prefix(70))\"",
                field: "credentialHash")
        }
    }
}
