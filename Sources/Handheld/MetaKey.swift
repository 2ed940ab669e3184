/// The settings the local queue keeps (table `meta`). The token and the private key are not
/// among them: they live in their own 0600 files.
public enum MetaKey: String, Sendable, Hashable, CaseIterable {
    /// The server's base URL.
    case server
    /// The device's id (`dev_…`).
    case deviceID
    /// The device's short code (4 Crockford base32 characters).
    case deviceCode
    /// The attendant of the current shift.
    case attendant
    /// An attendant set while offline, sent to the server at the next sync.
    case pendingAttendant
    /// The highest device sequence this handheld has seen or taken.
    case lastSequence
    /// When the last sync succeeded (epoch milliseconds).
    case lastSyncAt
    /// Since when the server has been unreachable (epoch milliseconds); unset while online.
    case offlineSince
    /// The signed offline bundle (canonical JSON).
    case bundle
    /// The city's receipt public key ring (JSON), fetched at enrolment: it checks the bundle's signature.
    case keyRing
    /// The device's Ed25519 public key (base64), registered with the server.
    case publicKey
    /// Whether the public key is registered (`1`).
    case keyRegistered
}
