import Foundation

/// Signs and verifies the acquirer's notify according to the profile's ``NotifySignatureScheme``.
///
/// The simulator signs with it (it holds the acquirer's private key); Lunas verifies with it (it
/// holds the acquirer's public key or the shared secret). A notify is never trusted unsigned unless
/// the profile is test-only and allows it.
public struct NotifySigner: Sendable {
    /// The acquirer profile.
    public let profile: AcquirerProfile
    /// The loaded secrets and keys.
    public let credentials: AcquirerCredentials

    /// Creates a value from its fields.
    public init(profile: AcquirerProfile, credentials: AcquirerCredentials) {
        self.profile = profile
        self.credentials = credentials
    }

    /// The headers an acquirer sends with a notify body to `path`.
    /// - Parameters:
    ///   - accessToken: the bearer token the acquirer holds for Lunas (`hmac-sha512` only).
    ///   - externalID: the acquirer's X-EXTERNAL-ID for this delivery.
    /// - Throws: ``AcquirerError`` `profile.credentialMissing` when the signing key is not configured.
    public func headers(
        body: [UInt8], path: String, timestamp: SNAPTimestamp, externalID: String, accessToken: String? = nil
    ) throws(AcquirerError) -> HeaderFields {
        var fields: HeaderFields = [
            SNAPHeaderName.contentType: "application/json",
            SNAPHeaderName.timestamp: timestamp.text,
            SNAPHeaderName.partnerID: credentials.partnerID,
            SNAPHeaderName.externalID: externalID,
            SNAPHeaderName.channelID: profile.channelID,
        ]
        let signature: String?
        switch profile.notify.scheme {
        case .none:
            signature = nil
        case .rsaClientTimestamp:
            signature = try credentials.requireAcquirerSigningKey().sign(
                SNAPSignature.tokenStringToSign(clientID: credentials.clientID, timestamp: timestamp.text))
            fields.set(SNAPHeaderName.clientKey, credentials.clientID)
        case .rsaBody:
            signature = try credentials.requireAcquirerSigningKey().sign(
                try SNAPSignature.bodyStringToSign(method: "POST", path: path, body: body, timestamp: timestamp.text))
        case .hmacSHA512:
            let token = accessToken ?? ""
            signature = SNAPSignature.hmacSHA512(
                secret: try credentials.requireNotifySecret(),
                message: try SNAPSignature.serviceStringToSign(
                    method: "POST", path: path, accessToken: token, body: body, timestamp: timestamp.text))
            fields.set(SNAPHeaderName.authorization, "Bearer \(token)")
        }
        if let signature { fields.set(SNAPHeaderName.signature, signature) }
        return fields
    }

    /// Verifies a received notify's signature and timestamp.
    /// - Throws: ``AcquirerError`` `profile.unsignedNotify`, `header.*`, `timestamp.*` or `signature.*`.
    public func verify(_ request: SNAPHTTPRequest, now: Date) throws(AcquirerError) {
        let verifier = SignatureVerifier(
            zone: profile.timestampZone, maximumSkewSeconds: profile.clockSkewSeconds, pathPrefix: profile.pathPrefix)
        switch profile.notify.scheme {
        case .none:
            guard profile.testOnly == true, profile.notify.allowUnsigned == true else {
                throw AcquirerError(
                    .unsignedNotifyRefused, "profile \(profile.id) does not allow unsigned notifies",
                    field: "X-SIGNATURE")
            }
        case .rsaClientTimestamp:
            let timestamp = try SNAPTimestamp(try HeaderRules.required(request.headers, SNAPHeaderName.timestamp))
            let signature = try HeaderRules.required(request.headers, SNAPHeaderName.signature)
            try verifier.checkTimestamp(timestamp, now: now)
            if let clientKey = request.headers[SNAPHeaderName.clientKey], clientKey != credentials.clientID {
                throw AcquirerError(
                    .signatureMismatch, "X-CLIENT-KEY '\(clientKey)' is not this acquirer's client id",
                    field: SNAPHeaderName.clientKey)
            }
            let message = SNAPSignature.tokenStringToSign(clientID: credentials.clientID, timestamp: timestamp.text)
            guard try credentials.requireAcquirerPublicKey().isValidSignature(signature, for: message) else {
                throw AcquirerError(
                    .signatureMismatch, "X-SIGNATURE is not the acquirer's SHA256withRSA of 'clientId|X-TIMESTAMP'",
                    field: SNAPHeaderName.signature)
            }
        case .rsaBody:
            let timestamp = try SNAPTimestamp(try HeaderRules.required(request.headers, SNAPHeaderName.timestamp))
            let signature = try HeaderRules.required(request.headers, SNAPHeaderName.signature)
            try verifier.checkTimestamp(timestamp, now: now)
            let key = try credentials.requireAcquirerPublicKey()
            let digest = try SNAPSignature.bodyDigest(request.body)
            func matches(_ path: String, _ token: String, _ digest: String) -> Bool {
                key.isValidSignature(
                    signature, for: "\(request.method.uppercased()):\(path):\(digest):\(timestamp.text)")
            }
            if matches(request.path, "", digest) { return }
            throw verifier.diagnose(request: request, matches: matches, token: "", digest: digest)
        case .hmacSHA512:
            let headers = try ServiceCallHeaders(validating: request.headers, partnerIDMaxLength: 36)
            try verifier.verifyServiceCall(
                request, headers: headers, secret: try credentials.requireNotifySecret(), now: now)
        }
    }
}
