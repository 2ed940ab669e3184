import Crypto
import Foundation
import Ledger

/// The strings SNAP signs and the symmetric (HMAC-SHA512) signature.
///
/// SNAP Standar Teknis dan Keamanan defines two signatures:
/// - asymmetric, for the B2B access token: `SHA256withRSA(privateKey, clientId + "|" + X-TIMESTAMP)`;
/// - symmetric, for each transaction: `HMAC-SHA512(clientSecret, METHOD + ":" + relativePath + ":" +
///   accessToken + ":" + lowercase(hex(SHA-256(minify(body)))) + ":" + X-TIMESTAMP)`.
///
/// Both are sent base64-encoded in `X-SIGNATURE`. The relative path is the full path the request is
/// sent to, including the acquirer's prefix; the access token is the bare token, without `Bearer `.
public enum SNAPSignature {
    /// `clientId|X-TIMESTAMP`, the string signed for the access-token call (and by NICEPAY-style notifies).
    public static func tokenStringToSign(clientID: String, timestamp: String) -> String {
        "\(clientID)|\(timestamp)"
    }

    /// `lowercase(hex(SHA-256(minify(body))))`.
    /// - Throws: ``AcquirerError`` `json.malformed` when the body is not JSON.
    public static func bodyDigest(_ body: some Collection<UInt8>) throws(AcquirerError) -> String {
        hexSHA256(try JSONMinifier.minify(body))
    }

    /// `lowercase(hex(SHA-256(bytes)))` of bytes exactly as given (no minifying).
    public static func hexSHA256(_ bytes: some Collection<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).ledgerHex
    }

    /// `METHOD:relativePath:accessToken:bodyDigest:X-TIMESTAMP`, the string of the symmetric signature.
    /// - Throws: ``AcquirerError`` `json.malformed` when the body is not JSON.
    public static func serviceStringToSign(
        method: String,
        path: String,
        accessToken: String,
        body: some Collection<UInt8>,
        timestamp: String
    ) throws(AcquirerError) -> String {
        "\(method.uppercased()):\(path):\(accessToken):\(try bodyDigest(body)):\(timestamp)"
    }

    /// `METHOD:relativePath:bodyDigest:X-TIMESTAMP`, the string some acquirers sign with RSA for a
    /// notify (PayerMax style: the service string without an access token).
    /// - Throws: ``AcquirerError`` `json.malformed` when the body is not JSON.
    public static func bodyStringToSign(
        method: String,
        path: String,
        body: some Collection<UInt8>,
        timestamp: String
    ) throws(AcquirerError) -> String {
        "\(method.uppercased()):\(path):\(try bodyDigest(body)):\(timestamp)"
    }

    /// `base64(HMAC-SHA512(secret, message))`.
    public static func hmacSHA512(secret: Secret, message: String) -> String {
        let key = secret.withBytes { SymmetricKey(data: $0) }
        let mac = HMAC<SHA512>.authenticationCode(for: Data(message.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is `base64(HMAC-SHA512(secret, message))`, compared in constant time.
    public static func isValidHMACSHA512(_ signature: String, secret: Secret, message: String) -> Bool {
        guard let raw = Data(base64Encoded: signature) else { return false }
        let key = secret.withBytes { SymmetricKey(data: $0) }
        return HMAC<SHA512>.isValidAuthenticationCode(raw, authenticating: Data(message.utf8), using: key)
    }
}
