/// A SNAP `responseCode`: HTTP status (3 digits) + service code (2) + case code (2), `2004700`.
///
/// SNAP Standar Teknis dan Keamanan, response code format. The generic cases below are the ones
/// every client and the simulator handle; acquirers add their own case codes, which parse too.
public struct SNAPResponseCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The HTTP status the code carries (`200`, `401`, `409`).
    public var httpStatus: Int
    /// The two-digit service code (`47` for generate).
    public var serviceCode: String
    /// The two-digit case code (`00`).
    public var caseCode: String

    /// Builds the code for a service and a generic case.
    public init(_ service: SNAPService, _ snapCase: SNAPCase) {
        httpStatus = snapCase.httpStatus
        serviceCode = service.code
        caseCode = snapCase.caseCode
    }

    /// Parses a 7-digit response code.
    /// - Throws: ``AcquirerError`` `snap.invalidResponseCode` naming the bad text.
    public init(_ text: String) throws(AcquirerError) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 7, scalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }),
            let status = Int(text.prefix(3)), (100...599).contains(status)
        else {
            throw AcquirerError(
                .invalidResponseCode, "responseCode must be 7 digits (HTTP status, service, case), got '\(text)'",
                field: "responseCode")
        }
        httpStatus = status
        serviceCode = String(text.dropFirst(3).prefix(2))
        caseCode = String(text.suffix(2))
    }

    /// The generic case this code stands for, if it is one of them.
    public var genericCase: SNAPCase? {
        SNAPCase.all.first { $0.httpStatus == httpStatus && $0.caseCode == caseCode }
    }

    /// Whether the HTTP status is 2xx.
    public var isSuccess: Bool { (200...299).contains(httpStatus) }

    /// Whether the code is `snapCase` of any service.
    public func `is`(_ snapCase: SNAPCase) -> Bool {
        httpStatus == snapCase.httpStatus && caseCode == snapCase.caseCode
    }

    /// The 7 digits.
    public var description: String { "\(httpStatus)\(serviceCode)\(caseCode)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch { throw error }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A generic SNAP response case: HTTP status + case code + standard message, whatever the service.
public struct SNAPCase: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var httpStatus: Int
    /// The two-digit case code.
    public var caseCode: String
    /// The standard `responseMessage`.
    public var message: String

    /// Creates a case.
    public init(httpStatus: Int, caseCode: String, message: String) {
        self.httpStatus = httpStatus
        self.caseCode = caseCode
        self.message = message
    }

    /// 200xx00 Successful.
    public static let successful = SNAPCase(httpStatus: 200, caseCode: "00", message: "Successful")
    /// 202xx00 Request In Progress.
    public static let inProgress = SNAPCase(httpStatus: 202, caseCode: "00", message: "Request In Progress")
    /// 400xx00 Bad Request.
    public static let badRequest = SNAPCase(httpStatus: 400, caseCode: "00", message: "Bad Request")
    /// 400xx01 Invalid Field Format.
    public static let invalidFieldFormat = SNAPCase(httpStatus: 400, caseCode: "01", message: "Invalid Field Format")
    /// 400xx02 Invalid Mandatory Field.
    public static let invalidMandatoryField = SNAPCase(
        httpStatus: 400, caseCode: "02", message: "Invalid Mandatory Field")
    /// 401xx00 Unauthorized (a bad signature, a bad timestamp, an unknown client).
    public static let unauthorized = SNAPCase(httpStatus: 401, caseCode: "00", message: "Unauthorized")
    /// 401xx01 Invalid Token (B2B): expired or malformed.
    public static let invalidToken = SNAPCase(httpStatus: 401, caseCode: "01", message: "Invalid Token (B2B)")
    /// 401xx03 Token Not Found (B2B).
    public static let tokenNotFound = SNAPCase(httpStatus: 401, caseCode: "03", message: "Token Not Found (B2B)")
    /// 403xx00 Transaction Expired.
    public static let transactionExpired = SNAPCase(httpStatus: 403, caseCode: "00", message: "Transaction Expired")
    /// 404xx01 Transaction Not Found.
    public static let transactionNotFound = SNAPCase(httpStatus: 404, caseCode: "01", message: "Transaction Not Found")
    /// 404xx02 Invalid Routing (no such path).
    public static let invalidRouting = SNAPCase(httpStatus: 404, caseCode: "02", message: "Invalid Routing")
    /// 404xx08 Invalid Merchant.
    public static let invalidMerchant = SNAPCase(httpStatus: 404, caseCode: "08", message: "Invalid Merchant")
    /// 404xx13 Invalid Amount (a refund of more than was paid and not yet refunded).
    public static let invalidAmount = SNAPCase(httpStatus: 404, caseCode: "13", message: "Invalid Amount")
    /// 404xx16 Partner Not Found.
    public static let partnerNotFound = SNAPCase(httpStatus: 404, caseCode: "16", message: "Partner Not Found")
    /// 405xx01 Requested Operation Is Not Allowed (cancel of a paid QR, refund of an unpaid one).
    public static let operationNotAllowed = SNAPCase(
        httpStatus: 405, caseCode: "01", message: "Requested Operation Is Not Allowed")
    /// 409xx00 Conflict: the same X-EXTERNAL-ID was used today.
    public static let conflict = SNAPCase(httpStatus: 409, caseCode: "00", message: "Conflict")
    /// 409xx01 Duplicate partnerReferenceNo.
    public static let duplicatePartnerReference = SNAPCase(
        httpStatus: 409, caseCode: "01", message: "Duplicate partnerReferenceNo")
    /// 429xx00 Too Many Requests.
    public static let tooManyRequests = SNAPCase(httpStatus: 429, caseCode: "00", message: "Too Many Requests")
    /// 500xx00 General Error.
    public static let generalError = SNAPCase(httpStatus: 500, caseCode: "00", message: "General Error")
    /// 500xx01 Internal Server Error.
    public static let internalServerError = SNAPCase(httpStatus: 500, caseCode: "01", message: "Internal Server Error")
    /// 500xx02 External Server Error.
    public static let externalServerError = SNAPCase(httpStatus: 500, caseCode: "02", message: "External Server Error")
    /// 504xx00 Timeout.
    public static let timeout = SNAPCase(httpStatus: 504, caseCode: "00", message: "Timeout")

    /// Every generic case.
    public static let all: [SNAPCase] = [
        .successful, .inProgress, .badRequest, .invalidFieldFormat, .invalidMandatoryField, .unauthorized,
        .invalidToken, .tokenNotFound, .transactionExpired, .transactionNotFound, .invalidRouting, .invalidMerchant,
        .invalidAmount, .partnerNotFound,
        .operationNotAllowed, .conflict, .duplicatePartnerReference, .tooManyRequests, .generalError,
        .internalServerError, .externalServerError, .timeout,
    ]

    public var description: String { "\(httpStatus)xx\(caseCode) \(message)" }
}

extension AcquirerError.Code {
    /// A `responseCode` is not 7 digits.
    public static let invalidResponseCode = Self("snap.invalidResponseCode")
}
