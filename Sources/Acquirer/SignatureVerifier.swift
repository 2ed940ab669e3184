import Ledger
import Foundation

/// Verifies SNAP signatures and timestamps on the receiving side, and names the client's mistake.
///
/// A wrong signature is always refused (SNAP 401xx00). When the signature would have matched under
/// a known client bug, the error says which one, so an integrator can fix it quickly:
/// `signature.bearerInToken` (the `Bearer ` prefix signed as part of the token),
/// `signature.bodyNotMinified` (the body hashed as sent, not minified), `signature.wrongPathPrefix`
/// (the path signed without, or with another, acquirer prefix). A timestamp written in another zone
/// than the profile's is refused before the signature (`timestamp.wrongZone`), and one too far from
/// `now` as `timestamp.skew`.
public struct SignatureVerifier: Sendable {
    /// The offset the sender must write in `X-TIMESTAMP`.
    public var zone: UTCOffset
    /// The largest accepted distance between `X-TIMESTAMP` and the receiver's clock, in seconds.
    public var maximumSkewSeconds: Int
    /// The receiver's path prefix (`/snap-adapter/b2b`), empty for none.
    public var pathPrefix: String

    /// Prefixes seen at real acquirers, tried when diagnosing a wrong-prefix signature.
    static let knownPrefixes = ["", "/snap", "/snap-adapter/b2b", "/api", "/openapi"]

    /// Creates a value from its fields.
    public init(zone: UTCOffset, maximumSkewSeconds: Int, pathPrefix: String) {
        self.zone = zone
        self.maximumSkewSeconds = maximumSkewSeconds
        self.pathPrefix = pathPrefix
    }

    /// Checks the timestamp's zone and its distance from `now`.
    /// - Throws: ``AcquirerError`` `timestamp.wrongZone` or `timestamp.skew`.
    public func checkTimestamp(_ timestamp: SNAPTimestamp, now: Date) throws(AcquirerError) {
        guard timestamp.offset.seconds == zone.seconds else {
            throw AcquirerError(
                .wrongTimestampZone,
                "X-TIMESTAMP '\(timestamp.text)' is written in \(timestamp.offset); this acquirer expects \(zone)",
                field: SNAPHeaderName.timestamp)
        }
        let distance = abs(timestamp.date.timeIntervalSince(now))
        guard distance <= Double(maximumSkewSeconds) else {
            throw AcquirerError(
                .timestampSkew,
                "X-TIMESTAMP '\(timestamp.text)' is \(Int(distance)) s from the receiver's clock; at most "
                    + "\(maximumSkewSeconds) s allowed",
                field: SNAPHeaderName.timestamp)
        }
    }

    /// Verifies an access-token call: `SHA256withRSA(clientId|X-TIMESTAMP)` with the partner's key.
    /// - Throws: ``AcquirerError`` `timestamp.*` or `signature.mismatch`.
    public func verifyTokenCall(
        _ headers: TokenCallHeaders, publicKey: RSAVerificationKey, now: Date
    ) throws(AcquirerError) {
        try checkTimestamp(headers.timestamp, now: now)
        let message = SNAPSignature.tokenStringToSign(clientID: headers.clientKey, timestamp: headers.timestamp.text)
        guard publicKey.isValidSignature(headers.signature, for: message) else {
            throw AcquirerError(
                .signatureMismatch, "X-SIGNATURE is not SHA256withRSA of 'clientId|X-TIMESTAMP' with the partner's key",
                field: SNAPHeaderName.signature)
        }
    }

    /// Verifies a transaction call's HMAC-SHA512 signature over
    /// `METHOD:path:accessToken:bodyDigest:X-TIMESTAMP`, naming the client's mistake when it finds one.
    /// - Throws: ``AcquirerError`` `timestamp.*`, `json.malformed` or `signature.*`.
    public func verifyServiceCall(
        _ request: SNAPHTTPRequest, headers: ServiceCallHeaders, secret: Secret, now: Date
    ) throws(AcquirerError) {
        try checkTimestamp(headers.timestamp, now: now)
        let digest = try SNAPSignature.bodyDigest(request.body)
        func matches(path: String, token: String, digest: String) -> Bool {
            let message = "\(request.method.uppercased()):\(path):\(token):\(digest):\(headers.timestamp.text)"
            return SNAPSignature.isValidHMACSHA512(headers.signature, secret: secret, message: message)
        }
        if matches(path: request.path, token: headers.accessToken, digest: digest) { return }
        throw diagnose(
            request: request, matches: { matches(path: $0, token: $1, digest: $2) }, token: headers.accessToken,
            digest: digest)
    }

    /// Works out which known mistake explains a signature that did not match.
    func diagnose(
        request: SNAPHTTPRequest, matches: (String, String, String) -> Bool, token: String, digest: String
    ) -> AcquirerError {
        if matches(request.path, "Bearer \(token)", digest) {
            return AcquirerError(
                .bearerInSignedToken, "X-SIGNATURE was computed over 'Bearer <token>'; sign the bare access token",
                field: SNAPHeaderName.signature)
        }
        let rawDigest = SNAPSignature.hexSHA256(request.body)
        if rawDigest != digest, matches(request.path, token, rawDigest) {
            return AcquirerError(
                .bodyNotMinified, "X-SIGNATURE was computed over the body as sent; hash the minified JSON body",
                field: SNAPHeaderName.signature)
        }
        let standardPath =
            request.path.hasPrefix(pathPrefix) ? String(request.path.dropFirst(pathPrefix.count)) : request.path
        for prefix in Self.knownPrefixes where prefix + standardPath != request.path {
            if matches(prefix + standardPath, token, digest) {
                return AcquirerError(
                    .wrongPathPrefix,
                    "X-SIGNATURE was computed over path '\(prefix + standardPath)'; sign the full path '\(request.path)'",
                    field: SNAPHeaderName.signature)
            }
        }
        return AcquirerError(
            .signatureMismatch, "X-SIGNATURE does not match HMAC-SHA512 of METHOD:path:token:bodyDigest:timestamp",
            field: SNAPHeaderName.signature)
    }
}

extension AcquirerError.Code {
    /// The signature does not match (SNAP 401xx00).
    public static let signatureMismatch = Self("signature.mismatch")
    /// The signed token part carried the `Bearer ` prefix.
    public static let bearerInSignedToken = Self("signature.bearerInToken")
    /// The body was hashed without minifying it first.
    public static let bodyNotMinified = Self("signature.bodyNotMinified")
    /// The signed path lacked the acquirer's prefix, or had another one.
    public static let wrongPathPrefix = Self("signature.wrongPathPrefix")
    /// The timestamp is written in another zone than the profile's.
    public static let wrongTimestampZone = Self("timestamp.wrongZone")
    /// The timestamp is too far from the receiver's clock.
    public static let timestampSkew = Self("timestamp.skew")
}
