import Foundation

/// A person who works in the staff console: finance officer, supervisor, auditor or administrator.
///
/// Staff accounts are separate from devices: a person signs in with an e-mail address and a
/// password (kept only as a bcrypt hash) and holds a server-side session. What they change in the
/// money state is a chain event whose actor names them (``LedgerActor/staff``); their sign-ins and
/// account changes go to the staff audit log (``StaffAuditEntry``), never into the chain, so an
/// anonymous visitor cannot write to the chain.
public struct StaffMember: Sendable, Hashable {
    /// A staff identifier, `stf_…` (``LedgerIdentifier``).
    public struct ID: LedgerIdentifier {
        /// The identifier's text.
        public var rawValue: String
        /// Creates a value from its parts.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The prefix of identifiers the ledger generates for this type.
        public static let prefix = "stf"
    }

    /// What a staff member may do in the console.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Settlements, exceptions, refunds, the journal.
        case finance
        /// Devices and attendants of their zones, closing days, complaints.
        case supervisor
        /// Reads everything, changes nothing.
        case auditor
        /// Staff accounts, devices everywhere, tariffs.
        case admin

        /// The device role with the same authority in the API's checks.
        public var deviceRole: Device.Role {
            switch self {
            case .finance: .finance
            case .supervisor: .supervisor
            case .auditor: .auditor
            case .admin: .admin
            }
        }
    }

    /// The identifier.
    public var id: ID
    /// The sign-in address, stored lower-case.
    public var email: String
    /// The person's name as shown in the console and in the events they cause.
    public var name: String
    /// What the person may do.
    public var role: Role
    /// The zones of a supervisor (sorted, without repeats); empty means the whole city.
    public var zones: [String]
    /// The bcrypt hash of the password, or nil until the person has set one.
    public var passwordHash: String?
    /// When the account was created.
    public var createdAt: Date
    /// When the account was disabled, or nil while it may sign in.
    public var disabledAt: Date?

    /// Creates a value from its parts (the e-mail is lower-cased, the zones sorted).
    public init(
        id: ID, email: String, name: String, role: Role, zones: [String], passwordHash: String?, createdAt: Date,
        disabledAt: Date? = nil
    ) {
        self.id = id
        self.email = email.lowercased()
        self.name = name
        self.role = role
        self.zones = Array(Set(zones)).sorted()
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    /// Whether the account may sign in now.
    public var isActive: Bool { disabledAt == nil }

    /// The actor the member's chain events name.
    public var actor: LedgerActor { LedgerActor(device: nil, staff: id.rawValue) }

    /// The authority of the member as a device record, for the checks the API shares with devices
    /// (role and zones). It has no credential and is never stored.
    public var authority: Device {
        Device(
            id: Device.ID(id.rawValue), name: name, role: role.deviceRole, zones: zones,
            credentialHash: "", enrolledAt: createdAt, revokedAt: disabledAt)
    }

    /// Checks the parts; throws the first problem with its field name.
    /// - Throws: `input.invalidField` (`email`, `name`, `zones`).
    public func validate() throws {
        try LedgerValidation.token(id.rawValue, field: "id", maximum: 25)
        try LedgerValidation.text(name, field: "name", maximum: 120)
        try Self.validateEmail(email)
        for zone in zones { try LedgerValidation.token(zone, field: "zones", maximum: 32) }
    }

    /// Checks an e-mail address: at most 254 characters, one `@` with text on both sides, no space.
    /// - Throws: `input.invalidField` (`email`).
    public static func validateEmail(_ email: String) throws {
        try LedgerValidation.token(email, field: "email", maximum: 254)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else {
            throw LedgerError(.invalidField, "email \"\(email.prefix(60))\" is not an e-mail address", field: "email")
        }
    }
}
