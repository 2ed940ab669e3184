import Ledger

/// What proves where a verified notify came from, recorded with whatever it creates: the profile and
/// key that verified it and the SHA-256 of its body as received.
public struct NotifyEvidence: Sendable, Hashable {
    /// The acquirer profile and key id (``NotifyKeyID``) that verified the signature.
    public var verifiedBy: PaymentVerification
    /// SHA-256 of the raw body bytes, 64 lowercase hex digits.
    public var bodySHA256: String

    /// Creates a value from its fields.
    public init(verifiedBy: PaymentVerification, bodySHA256: String) {
        self.verifiedBy = verifiedBy
        self.bodySHA256 = bodySHA256
    }
}
