import Ledger

/// `POST /v1.0/access-token/b2b` request body (SNAP service 73).
public struct AccessTokenRequest: Sendable, Hashable, Codable {
    /// Always `client_credentials` (OAuth 2.0, RFC 6749 §4.4).
    public var grantType: String

    /// The standard request.
    public init(grantType: String = "client_credentials") { self.grantType = grantType }
}

/// The access-token response: `2007300` and a Bearer token valid for `expiresIn` seconds.
public struct AccessTokenResponse: Sendable, Hashable, Codable {
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String
    /// The token, sent back as `Authorization: Bearer <token>`.
    public var accessToken: String?
    /// `Bearer`.
    public var tokenType: String?
    /// Lifetime in seconds as a string (`"900"`).
    public var expiresIn: String?

    /// Creates a value from its fields.
    public init(
        responseCode: SNAPResponseCode, responseMessage: String, accessToken: String? = nil,
        tokenType: String? = nil, expiresIn: String? = nil
    ) {
        self.responseCode = responseCode
        self.responseMessage = responseMessage
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
    }
}

/// The body of every SNAP answer that carries only a code and a message (errors, the notify answer).
public struct SNAPResult: Sendable, Hashable, Codable {
    /// HTTP status + service code + case code, e.g. `2004700`.
    public var responseCode: SNAPResponseCode
    /// The acquirer's text for the code (at most 150 characters).
    public var responseMessage: String

    /// A result for a service and a generic case, with the case's standard message unless one is given.
    public init(_ service: SNAPService, _ snapCase: SNAPCase, message: String? = nil) {
        responseCode = SNAPResponseCode(service, snapCase)
        responseMessage = message ?? snapCase.message
    }

    /// The exact JSON bytes: `{"responseCode":"2005200","responseMessage":"Successful"}` (code first).
    public var body: [UInt8] {
        Array(
            "{\"responseCode\":\"\(responseCode)\",\"responseMessage\":\(JSONEscaping.quoted(responseMessage))}".utf8)
    }
}
