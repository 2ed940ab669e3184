import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one error type of the `API` module: an HTTP status and the body
/// `{"error":{"code","message","field"}}` every failed request gets.
///
/// ``APIErrorMiddleware`` maps every error thrown below it (ledger, QRIS, QR image, Hummingbird,
/// decoding) to this type in one place, so handlers simply throw.
public struct APIError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, dotted code (`request.malformedJSON`, `auth.missingToken`, `tariff.unknownZone`).
    public var code: String
    /// What went wrong, for a person: names the field and the bad value.
    public var message: String
    /// The request field at fault (`zone`, `vehicleClass`, `fee`, `Idempotency-Key`), when there is one.
    public var field: String?
    /// Where the error was created.
    public var location: String
    /// The methods a path allows, sent as `Allow` with a 405.
    public var allowedMethods: [String] = []

    /// Creates an error.
    public init(
        _ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil,
        fileID: String = #fileID, line: Int = #line
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.location = "\(fileID):\(line)"
    }

    /// 400: bad input, naming the field.
    public static func badRequest(
        _ code: String, _ message: String, field: String? = nil, fileID: String = #fileID, line: Int = #line
    ) -> APIError {
        APIError(.badRequest, code, message, field: field, fileID: fileID, line: line)
    }

    /// 404: no such resource.
    public static func notFound(_ what: String, fileID: String = #fileID, line: Int = #line) -> APIError {
        APIError(.notFound, "resource.notFound", "\(what) not found", fileID: fileID, line: line)
    }

    /// 403: the device's role may not do this.
    public static func forbidden(_ message: String, fileID: String = #fileID, line: Int = #line) -> APIError {
        APIError(.forbidden, "auth.forbidden", message, fileID: fileID, line: line)
    }

    /// 405: the path exists, but not with this method; `Allow` lists the methods it has.
    public static func methodNotAllowed(
        _ method: String, path: String, allowed: [String], fileID: String = #fileID, line: Int = #line
    ) -> APIError {
        var error = APIError(
            .methodNotAllowed, "route.methodNotAllowed",
            "\(method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))", fileID: fileID,
            line: line)
        error.allowedMethods = allowed
        return error
    }

    /// 401: no usable credential.
    public static func unauthorized(
        _ code: String, _ message: String, fileID: String = #fileID, line: Int = #line
    ) -> APIError {
        APIError(.unauthorized, code, message, fileID: fileID, line: line)
    }

    /// The JSON body.
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)  // explicit null when absent
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }
        var error: Detail
    }

    /// The response: the status, `Content-Type: application/json` and the error body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, field: field))
        let data = try JSONEncoder().encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if !allowedMethods.isEmpty { headers[.allow] = allowedMethods.joined(separator: ", ") }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The status, code and message.
    public var description: String { "\(status.code) \(code): \(message)" }
}
