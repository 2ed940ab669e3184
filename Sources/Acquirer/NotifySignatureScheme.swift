/// How an acquirer signs the notify it posts to Lunas (SNAP leaves this to each PJP).
///
/// - `none`: unsigned; refused unless the profile is test-only and allows it explicitly.
/// - `rsa-client-timestamp`: `SHA256withRSA(acquirerKey, clientId|X-TIMESTAMP)` (NICEPAY style).
/// - `rsa-body`: `SHA256withRSA(acquirerKey, METHOD:path:bodyDigest:X-TIMESTAMP)` (PayerMax style).
/// - `hmac-sha512`: the symmetric SNAP signature, `HMAC-SHA512(secret, METHOD:path:token:bodyDigest:X-TIMESTAMP)`,
///   with the bearer token the acquirer sends.
public enum NotifySignatureScheme: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case rsaClientTimestamp = "rsa-client-timestamp"
    case rsaBody = "rsa-body"
    case hmacSHA512 = "hmac-sha512"
}
