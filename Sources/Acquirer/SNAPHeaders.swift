/// SNAP header names and the validated header sets of the token call and of service calls.
///
/// SNAP Standar Teknis dan Keamanan, request headers: `X-TIMESTAMP` (ISO-8601 with offset),
/// `X-SIGNATURE`, `X-CLIENT-KEY` (token call), `Authorization: Bearer <token>`, `X-PARTNER-ID`,
/// `X-EXTERNAL-ID` (numeric, ≤36, unique per partner per day), `CHANNEL-ID` (≤5).
public enum SNAPHeaderName {
    /// The `X-TIMESTAMP` header name.
    public static let timestamp = "X-TIMESTAMP"
    /// The `X-SIGNATURE` header name.
    public static let signature = "X-SIGNATURE"
    /// The `X-CLIENT-KEY` header name.
    public static let clientKey = "X-CLIENT-KEY"
    /// The `Authorization` header name.
    public static let authorization = "Authorization"
    /// The `X-PARTNER-ID` header name.
    public static let partnerID = "X-PARTNER-ID"
    /// The `X-EXTERNAL-ID` header name.
    public static let externalID = "X-EXTERNAL-ID"
    /// The `CHANNEL-ID` header name.
    public static let channelID = "CHANNEL-ID"
    /// The `Content-Type` header name.
    public static let contentType = "Content-Type"
}

/// The headers of an access-token call, validated.
public struct TokenCallHeaders: Sendable, Hashable {
    /// `X-TIMESTAMP`, parsed.
    public var timestamp: SNAPTimestamp
    /// `X-SIGNATURE`, base64.
    public var signature: String
    /// The client id (`X-CLIENT-KEY`).
    public var clientKey: String

    /// Builds the headers a client sends.
    public init(timestamp: SNAPTimestamp, signature: String, clientKey: String) {
        self.timestamp = timestamp
        self.signature = signature
        self.clientKey = clientKey
    }

    /// Reads and checks the headers of a received token call.
    /// - Throws: ``AcquirerError`` `header.missing` or `header.invalid` naming the header.
    public init(validating headers: HeaderFields) throws(AcquirerError) {
        timestamp = try SNAPTimestamp(try HeaderRules.required(headers, SNAPHeaderName.timestamp))
        signature = try HeaderRules.required(headers, SNAPHeaderName.signature)
        clientKey = try HeaderRules.required(headers, SNAPHeaderName.clientKey)
    }

    /// The header fields, in the order SNAP documents them.
    public var fields: HeaderFields {
        [
            SNAPHeaderName.contentType: "application/json",
            SNAPHeaderName.timestamp: timestamp.text,
            SNAPHeaderName.clientKey: clientKey,
            SNAPHeaderName.signature: signature,
        ]
    }
}

/// The headers of a transaction call (generate, query, cancel, refund), validated.
public struct ServiceCallHeaders: Sendable, Hashable {
    /// `X-TIMESTAMP`, parsed.
    public var timestamp: SNAPTimestamp
    /// `X-SIGNATURE`, base64.
    public var signature: String
    /// The bare token from `Authorization: Bearer <token>`.
    public var accessToken: String
    /// `X-PARTNER-ID`.
    public var partnerID: String
    /// Numeric, at most 36 digits, unique per partner per day (Asia/Jakarta).
    public var externalID: String
    /// `CHANNEL-ID`.
    public var channelID: String

    /// Builds the headers a client sends.
    public init(
        timestamp: SNAPTimestamp, signature: String, accessToken: String, partnerID: String, externalID: String,
        channelID: String
    ) {
        self.timestamp = timestamp
        self.signature = signature
        self.accessToken = accessToken
        self.partnerID = partnerID
        self.externalID = externalID
        self.channelID = channelID
    }

    /// Reads and checks the headers of a received transaction call.
    /// - Parameter partnerIDMaxLength: 36 in SNAP; some acquirers allow fewer (Faspay: 5).
    /// - Throws: ``AcquirerError`` `header.missing` or `header.invalid` naming the header and value.
    public init(validating headers: HeaderFields, partnerIDMaxLength: Int = 36) throws(AcquirerError) {
        timestamp = try SNAPTimestamp(try HeaderRules.required(headers, SNAPHeaderName.timestamp))
        signature = try HeaderRules.required(headers, SNAPHeaderName.signature)
        let authorization = try HeaderRules.required(headers, SNAPHeaderName.authorization)
        guard authorization.hasPrefix("Bearer "), authorization.count > 7 else {
            throw AcquirerError(
                .invalidHeader, "Authorization must be 'Bearer <token>'", field: SNAPHeaderName.authorization)
        }
        accessToken = String(authorization.dropFirst(7))
        partnerID = try HeaderRules.required(headers, SNAPHeaderName.partnerID)
        externalID = try HeaderRules.required(headers, SNAPHeaderName.externalID)
        channelID = try HeaderRules.required(headers, SNAPHeaderName.channelID)
        try HeaderRules.check { () throws(AcquirerError) in
            try FieldRules.length(partnerID, field: SNAPHeaderName.partnerID, maxLength: partnerIDMaxLength)
            try FieldRules.numeric(externalID, field: SNAPHeaderName.externalID, maxLength: 36)
            try FieldRules.length(channelID, field: SNAPHeaderName.channelID, maxLength: 5)
        }
    }

    /// The header fields, in the order SNAP documents them.
    public var fields: HeaderFields {
        [
            SNAPHeaderName.contentType: "application/json",
            SNAPHeaderName.authorization: "Bearer \(accessToken)",
            SNAPHeaderName.timestamp: timestamp.text,
            SNAPHeaderName.signature: signature,
            SNAPHeaderName.partnerID: partnerID,
            SNAPHeaderName.externalID: externalID,
            SNAPHeaderName.channelID: channelID,
        ]
    }
}

enum HeaderRules {
    static func required(_ headers: HeaderFields, _ name: String) throws(AcquirerError) -> String {
        guard let value = headers[name], !value.isEmpty else {
            throw AcquirerError(.missingHeader, "header \(name) is missing", field: name)
        }
        return value
    }

    /// Runs field checks and reports their failures as header errors.
    static func check(_ body: () throws(AcquirerError) -> Void) throws(AcquirerError) {
        do {
            try body()
        } catch {
            throw AcquirerError(
                error.code == .missingField ? .missingHeader : .invalidHeader, "header \(error.message)",
                field: error.field)
        }
    }
}

extension AcquirerError.Code {
    /// A required header is missing (SNAP 400xx02).
    public static let missingHeader = Self("header.missing")
    /// A header has the wrong format or length (SNAP 400xx01).
    public static let invalidHeader = Self("header.invalid")
}
