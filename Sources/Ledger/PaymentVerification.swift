/// The acquirer profile and key that verified a notify: what let a payment (or a payment
/// exception) into the ledger.
///
/// A city that learns that an acquirer key was compromised lists everything that key let in
/// (`lunas ledger payments --verified-by KEY_ID`). The key id never contains a secret: for an RSA
/// scheme it is a fingerprint of the acquirer's public key (`rsa:` and the first 16 hex digits of
/// the SHA-256 of its DER SubjectPublicKeyInfo); for `hmac-sha512` a fingerprint of the shared
/// secret (`hmac:` and the first 16 hex digits of its SHA-256); `unsigned` for a test-only
/// profile's unsigned notify. The `Acquirer` module computes it (`NotifyKeyID`).
public struct PaymentVerification: Sendable, Hashable {
    /// The acquirer profile's id (`simulator`, `bank-maluku`).
    public var profileID: String
    /// The verifying key's id (`rsa:3f1c…`, `hmac:9a0b…`, `unsigned`).
    public var keyID: String

    /// Creates a value from its parts.
    public init(profileID: String, keyID: String) {
        self.profileID = profileID
        self.keyID = keyID
    }

    /// Checks both parts: 1–64 printable ASCII characters without spaces.
    public func validate() throws {
        try LedgerValidation.token(profileID, field: "verifiedBy.profileID", maximum: 64)
        try LedgerValidation.token(keyID, field: "verifiedBy.keyID", maximum: 64)
    }

    /// How much one profile and key let in (`lunas ledger payments` without `--verified-by`).
    public struct Usage: Sendable, Hashable {
        /// The profile and key.
        public var verification: PaymentVerification
        /// Payments recorded from notifies it verified.
        public var payments: Int
        /// Payment exceptions recorded from notifies it verified.
        public var exceptions: Int

        /// Creates a value from its parts.
        public init(verification: PaymentVerification, payments: Int, exceptions: Int) {
            self.verification = verification
            self.payments = payments
            self.exceptions = exceptions
        }
    }
}
