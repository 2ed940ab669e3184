/// The secrets and keys of one acquirer profile, loaded from where the profile says.
///
/// Each is optional: Lunas holds the partner private key and the acquirer public key, the simulator
/// the partner public key and the acquirer private key. The `require…` accessors fail with an error
/// that names the missing credential. Printing the value never shows a secret.
public struct AcquirerCredentials: Sendable, CustomStringConvertible {
    /// `X-PARTNER-ID`.
    public var partnerID: String
    /// `X-CLIENT-KEY`.
    public var clientID: String
    /// The HMAC-SHA512 client secret.
    public var clientSecret: Secret?
    /// The HMAC secret of an `hmac-sha512` notify.
    public var notifySecret: Secret?
    /// Lunas's RSA private key (signs the token call).
    public var partnerSigningKey: RSASigningKey?
    /// Lunas's RSA public key (verifies the token call).
    public var partnerPublicKey: RSAVerificationKey?
    /// The acquirer's RSA private key (simulator only; signs notifies).
    public var acquirerSigningKey: RSASigningKey?
    /// The acquirer's RSA public key (verifies notifies).
    public var acquirerPublicKey: RSAVerificationKey?

    /// Creates a value from its fields.
    public init(partnerID: String, clientID: String) {
        self.partnerID = partnerID
        self.clientID = clientID
    }

    /// The client secret, or an error naming it.
    public func requireClientSecret() throws(AcquirerError) -> Secret {
        guard let clientSecret else { throw Self.missing("clientSecret") }
        return clientSecret
    }

    /// The notify HMAC secret (or the client secret), or an error naming it.
    public func requireNotifySecret() throws(AcquirerError) -> Secret {
        guard let notifySecret else { throw Self.missing("notifySecret") }
        return notifySecret
    }

    /// Lunas's private key, or an error naming it.
    public func requirePartnerSigningKey() throws(AcquirerError) -> RSASigningKey {
        guard let partnerSigningKey else { throw Self.missing("partnerPrivateKey") }
        return partnerSigningKey
    }

    /// Lunas's public key, or an error naming it.
    public func requirePartnerPublicKey() throws(AcquirerError) -> RSAVerificationKey {
        guard let partnerPublicKey else { throw Self.missing("partnerPublicKey") }
        return partnerPublicKey
    }

    /// The acquirer's private key (simulator only), or an error naming it.
    public func requireAcquirerSigningKey() throws(AcquirerError) -> RSASigningKey {
        guard let acquirerSigningKey else { throw Self.missing("acquirerPrivateKey") }
        return acquirerSigningKey
    }

    /// The acquirer's public key, or an error naming it.
    public func requireAcquirerPublicKey() throws(AcquirerError) -> RSAVerificationKey {
        guard let acquirerPublicKey else { throw Self.missing("acquirerPublicKey") }
        return acquirerPublicKey
    }

    public var description: String {
        "AcquirerCredentials(partnerID: \(partnerID), clientID: \(clientID), secrets: <redacted>)"
    }

    static func missing(_ name: String) -> AcquirerError {
        AcquirerError(
            .credentialMissing, "credentials.\(name) is not configured in the acquirer profile",
            field: "credentials.\(name)")
    }
}

extension AcquirerError.Code {
    /// An operation needs a credential the profile does not reference.
    public static let credentialMissing = Self("profile.credentialMissing")
}
