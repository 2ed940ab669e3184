import Crypto
import Foundation

/// A handheld, kiosk or back-office workstation enrolled with the ledger.
///
/// Each device has its own credential, stored only as the SHA-256 of the bearer token, and numbers
/// the tickets and invoices it issues in an unbroken sequence (1, 2, 3, …) that the store assigns
/// inside the issuing transaction. A gap in that sequence is a reportable exception.
public struct Device: Sendable, Hashable {
    /// A device identifier: 1–25 characters `A–Z a–z 0–9 - _`, chosen at enrolment
    /// (it can be printed as the QRIS terminal label, tag 62-07, which allows 25).
    public struct ID: LedgerIdentifier {
        /// The identifier's text.
        public var rawValue: String
        /// Creates a value from its parts.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The prefix of identifiers the ledger generates for this type.
        public static let prefix = "dev"
    }

    /// What a device may do.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// A parking attendant's (juru parkir) handheld: issues tickets and invoices.
        case attendant
        /// A self-service or counter kiosk: issues fee invoices.
        case kiosk
        /// Finance staff: imports settlement files, reads reports.
        case finance
        /// Administrators: enrol and revoke devices.
        case admin
        /// A field supervisor's handheld: cancels any invoice issued in its zones (every zone of the
        /// city when it is enrolled without zones). It issues nothing itself.
        case supervisor
        /// The city inspectorate, BPK or the Ombudsman: reads what finance and supervisors read
        /// (settlements, exceptions, reports, events) and changes nothing.
        case auditor

        /// Whether devices in this role may issue invoices and parking tickets (administrators
        /// issue fee invoices at the counter: `POST /api/v1/invoices` is for kiosks and admins).
        public var canIssue: Bool { self == .attendant || self == .kiosk || self == .admin }

        /// Whether devices in this role may apply settlement files and assign and resolve
        /// exceptions (finance staff and administrators).
        public var canWorkExceptions: Bool { self == .finance || self == .admin }
        /// Supervisors and admins take, answer and resolve citizens' complaints.
        public var canWorkComplaints: Bool { self == .supervisor || self == .admin }
    }

    /// The identifier.
    public var id: ID
    /// A human name ("Jukir Jl. Pattimura 03").
    public var name: String
    /// What the device may do.
    public var role: Role
    /// The zone codes the device is enrolled for (codes from the city's zone table), sorted and
    /// without repeats; empty for a device bound to no zone (a supervisor without zones covers the
    /// whole city, an attendant without zones may issue nowhere). See `Device+Authority.swift`.
    public private(set) var zones: [String]
    /// Lower-case hex SHA-256 of the device's bearer token; the token itself is never stored.
    public var credentialHash: String
    /// When the device was enrolled.
    public var enrolledAt: Date
    /// When the device was revoked, or nil while it is active.
    public var revokedAt: Date?
    /// Why the device was revoked.
    public var revocationReason: String?
    /// The last sequence number assigned to a ticket or invoice of this device (0: none yet).
    public var lastSequence: Int64
    /// The person working with the device now (a parking attendant's name, printed on tickets);
    /// nil when none is recorded. Set at enrolment and changed when the handheld changes hands
    /// (`device.attendantChanged`).
    public var attendant: String?
    /// The device's short code in offline bill numbers (``DeviceCode``): given at enrolment, or
    /// when a device enrolled before codes registers its key; nil until then.
    public var code: DeviceCode?
    /// The device's Ed25519 public key for offline records (`device.keyRegistered`), once registered.
    public var publicKey: DevicePublicKey?

    /// Creates a device record.
    public init(
        id: ID, name: String, role: Role, zones: [String], credentialHash: String, enrolledAt: Date,
        revokedAt: Date? = nil, revocationReason: String? = nil, lastSequence: Int64 = 0, attendant: String? = nil,
        code: DeviceCode? = nil, publicKey: DevicePublicKey? = nil
    ) {
        self.attendant = attendant
        self.code = code
        self.publicKey = publicKey
        self.id = id
        self.name = name
        self.role = role
        self.zones = Self.normalisedZones(zones)
        self.credentialHash = credentialHash
        self.enrolledAt = enrolledAt
        self.revokedAt = revokedAt
        self.revocationReason = revocationReason
        self.lastSequence = lastSequence
    }

    /// Creates a device record in the single-zone form of the first ledgers: `zone` is one zone
    /// code, or `-` for none.
    public init(
        id: ID, name: String, role: Role, zone: String, credentialHash: String, enrolledAt: Date,
        revokedAt: Date? = nil, revocationReason: String? = nil, lastSequence: Int64 = 0
    ) {
        self.init(
            id: id, name: name, role: role, zones: Self.zones(legacy: zone), credentialHash: credentialHash,
            enrolledAt: enrolledAt, revokedAt: revokedAt, revocationReason: revocationReason,
            lastSequence: lastSequence)
    }

    /// The first of ``zones``, or `-` when there is none: the single zone of the first ledgers'
    /// records, for readers that show or group by one zone.
    public var zone: String { zones.first ?? Self.noZone }

    /// The zone text that stands for "no zone" in the single-zone form.
    public static let noZone = "-"

    /// The zones of a single-zone text: none for `-`, else the one zone.
    public static func zones(legacy zone: String) -> [String] { zone == noZone ? [] : [zone] }

    /// Zone codes sorted by their bytes, without repeats (and without the `-` placeholder).
    public static func normalisedZones(_ zones: [String]) -> [String] {
        Set(zones.filter { $0 != noZone }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The longest attendant name, in characters (it is printed on one or two ticket lines).
    public static let maximumAttendantLength = 60

    /// Whether the device has been revoked.
    public var isRevoked: Bool { revokedAt != nil }

    /// The credential hash stored for a bearer token: lower-case hex SHA-256 of its UTF-8 bytes.
    public static func credentialHash(forToken token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).ledgerHex
    }

    /// A new random bearer token (32 random bytes, base32): give it to the device once, store only
    /// ``credentialHash(forToken:)``.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return LedgerSymbols.random(count: 52, using: &generator)
    }
}
