import Foundation
import Ledger

/// The id of the key that verifies an acquirer's notifies, recorded with every payment and
/// payment exception a notify creates (``PaymentVerification``), so that a city that ran with a
/// compromised key can list what that key let in (`lunas ledger payments --verified-by KEY_ID`).
///
/// A key id is a fingerprint, never the key or the secret itself:
/// - `rsa-client-timestamp`, `rsa-body`: `rsa:` and the first 16 hex digits of the SHA-256 of the
///   acquirer public key's DER SubjectPublicKeyInfo — what
///   `openssl pkey -pubin -in KEY.pem -outform DER | sha256sum | cut -c1-16` prints.
/// - `hmac-sha512`: `hmac:` and the first 16 hex digits of the SHA-256 of the notify secret's bytes
///   (`printf %s "$SECRET" | sha256sum | cut -c1-16`). 64 bits of a hash reveal nothing usable of a
///   random secret; a guessable secret is weak with or without it.
/// - `none` (test-only profiles): `unsigned`.
/// - A scheme whose key is not configured (every notify is then refused): `missing`.
public enum NotifyKeyID {
    /// The key ids of the demo keys committed under `Config/acquirers/demo-keys/`: the simulator's
    /// RSA public key and the demo client secret (as an HMAC notify secret). Anyone who reads the
    /// repository holds their private halves, so a profile verifying notifies with one of them runs
    /// only in demo mode, wherever its file was copied to (`AcquirerLink.load`).
    /// `NotifyKeyIDTests` recomputes both from the files, so this list cannot drift from them.
    public static let committedDemoKeys: Set<String> = ["rsa:fba2cee6d6ce2a2e", "hmac:4f3e5c65e2dfc475"]

    /// The key id of `profile`'s notify scheme with `credentials`.
    public static func of(profile: AcquirerProfile, credentials: AcquirerCredentials) -> String {
        switch profile.notify.scheme {
        case .none:
            return "unsigned"
        case .rsaClientTimestamp, .rsaBody:
            guard let key = credentials.acquirerPublicKey else { return "missing" }
            return "rsa:" + fingerprint(derOf: key.pem)
        case .hmacSHA512:
            guard let secret = credentials.notifySecret else { return "missing" }
            return "hmac:" + secret.withBytes { String(SNAPSignature.hexSHA256($0).prefix(16)) }
        }
    }

    /// The first 16 hex digits of the SHA-256 of the DER inside a PEM block.
    static func fingerprint(derOf pem: String) -> String {
        let base64 = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        let der = Data(base64Encoded: base64).map { Array($0) } ?? Array(pem.utf8)
        return String(SNAPSignature.hexSHA256(der).prefix(16))
    }
}
