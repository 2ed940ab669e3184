import Foundation
import Ledger

/// Builds signed SNAP requests for one acquirer and reads its answers, without doing any I/O.
///
/// The HTTP adapter sends ``SNAPHTTPRequest/method`` to ``AcquirerProfile/baseURL`` +
/// ``SNAPHTTPRequest/path`` with the headers and body bytes exactly as built (the body is what was
/// signed), and hands the answer back to a `decode…` method. X-EXTERNAL-IDs come from an
/// ``ExternalIDStore`` and must be persisted there before the request is sent.
public struct SNAPClient: Sendable {
    /// The acquirer profile.
    public let profile: AcquirerProfile
    /// The loaded secrets and keys.
    public let credentials: AcquirerCredentials

    /// Creates a value from its fields.
    public init(profile: AcquirerProfile, credentials: AcquirerCredentials) {
        self.profile = profile
        self.credentials = credentials
    }

    /// The access-token call: `X-SIGNATURE = base64(SHA256withRSA(clientId|X-TIMESTAMP))`, with the
    /// timestamp in the profile's token zone.
    /// - Throws: ``AcquirerError`` `profile.credentialMissing` without a partner private key.
    public func accessTokenRequest(at now: Date) throws(AcquirerError) -> SNAPHTTPRequest {
        let key = try credentials.requirePartnerSigningKey()
        let timestamp = SNAPTimestamp(date: now, offset: profile.effectiveTokenTimestampZone)
        let signature = key.sign(
            SNAPSignature.tokenStringToSign(clientID: credentials.clientID, timestamp: timestamp.text))
        let headers = TokenCallHeaders(timestamp: timestamp, signature: signature, clientKey: credentials.clientID)
        return SNAPHTTPRequest(
            path: profile.path(of: .accessToken), headers: headers.fields, body: SNAPCoding.encode(AccessTokenRequest())
        )
    }

    /// A signed transaction call for any service.
    /// - Parameters:
    ///   - accessToken: the bare token from the access-token call.
    ///   - externalID: an X-EXTERNAL-ID already persisted in an ``ExternalIDStore``.
    /// - Throws: ``AcquirerError`` `profile.credentialMissing` without a client secret.
    public func serviceRequest(
        _ service: SNAPService, body: some Encodable, accessToken: String, externalID: String, at now: Date
    ) throws(AcquirerError) -> SNAPHTTPRequest {
        let secret = try credentials.requireClientSecret()
        let bytes = SNAPCoding.encode(body)
        let path = profile.path(of: service)
        let timestamp = SNAPTimestamp(date: now, offset: profile.timestampZone)
        let message = try SNAPSignature.serviceStringToSign(
            method: "POST", path: path, accessToken: accessToken, body: bytes, timestamp: timestamp.text)
        let headers = ServiceCallHeaders(
            timestamp: timestamp, signature: SNAPSignature.hmacSHA512(secret: secret, message: message),
            accessToken: accessToken, partnerID: credentials.partnerID, externalID: externalID,
            channelID: profile.channelID)
        return SNAPHTTPRequest(path: path, headers: headers.fields, body: bytes)
    }

    /// The generate body for an invoice, with `validityPeriod` checked against the profile's bounds.
    /// - Parameters:
    ///   - reference: the invoice's bill number (`partnerReferenceNo`, QRIS 62-01).
    ///   - expiresAt: the invoice's expiry; the acquirer's default applies when `nil`.
    /// - Throws: ``AcquirerError`` `validity.outOfBounds` or a field error.
    public func generateBody(
        reference: String, amount: Rupiah, terminalID: String?, expiresAt: Date?, callbackURL: String?, now: Date
    ) throws(AcquirerError) -> GenerateQRRequest {
        var validity: String?
        if let expiresAt {
            let minutes = expiresAt.timeIntervalSince(now) / 60
            guard minutes >= Double(profile.validity.minMinutes), minutes <= Double(profile.validity.maxMinutes) else {
                throw AcquirerError(
                    .validityOutOfBounds,
                    "validityPeriod of \(Int(minutes)) min is outside \(profile.id)'s bounds "
                        + "\(profile.validity.minMinutes)–\(profile.validity.maxMinutes) min",
                    field: "validityPeriod")
            }
            validity = SNAPTimestamp(date: expiresAt, offset: profile.timestampZone).text
        }
        let body = GenerateQRRequest(
            partnerReferenceNo: reference, amount: SNAPAmount(amount), merchantId: profile.merchantId,
            terminalId: terminalID, validityPeriod: validity,
            additionalInfo: callbackURL.map { GenerateQRAdditionalInfo(callbackUrl: $0) })
        try body.validate()
        return body
    }

    /// Decodes an answer and checks that its `responseCode` belongs to `service` and agrees with the
    /// HTTP status.
    /// - Throws: ``AcquirerError`` `snap.unexpectedResponse` or a decoding error naming the field.
    public func decode<Message: Decodable & SNAPResponseBody>(
        _ type: Message.Type, from response: SNAPHTTPResponse, service: SNAPService
    ) throws(AcquirerError) -> Message {
        let message = try SNAPCoding.decode(type, from: response.body, what: "\(service.name) response")
        let code = message.responseCode
        guard code.serviceCode == service.code else {
            throw AcquirerError(
                .unexpectedResponse, "\(service.name) answered responseCode \(code) of service \(code.serviceCode)",
                field: "responseCode")
        }
        guard code.httpStatus == response.status else {
            throw AcquirerError(
                .unexpectedResponse, "\(service.name) answered HTTP \(response.status) with responseCode \(code)",
                field: "responseCode")
        }
        return message
    }
}

/// A SNAP answer body: every one carries `responseCode` and `responseMessage`.
public protocol SNAPResponseBody: Sendable {
    var responseCode: SNAPResponseCode { get }
    var responseMessage: String { get }
}

extension SNAPResult: SNAPResponseBody {}
extension AccessTokenResponse: SNAPResponseBody {}
extension GenerateQRResponse: SNAPResponseBody {}
extension QueryResponse: SNAPResponseBody {}
extension CancelResponse: SNAPResponseBody {}
extension RefundResponse: SNAPResponseBody {}

extension AcquirerError.Code {
    /// An invoice's expiry is outside the acquirer's validity bounds.
    public static let validityOutOfBounds = Self("validity.outOfBounds")
    /// An acquirer answered something inconsistent (another service's code, a status that disagrees).
    public static let unexpectedResponse = Self("snap.unexpectedResponse")
}
