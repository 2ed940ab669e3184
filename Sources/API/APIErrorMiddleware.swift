import Issuing
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import QRIS

/// Maps every error to an ``APIError`` response in one place, logs failed requests with their
/// request id, and adds `X-Request-Id` to every response.
///
/// Bad input becomes 400 naming the field; authentication 401; roles 403; unknown resources 404;
/// conflicts (a cancelled invoice, a reused idempotency key) 409; anything unexpected 500 with the
/// request id and no internals (the details go to the log).
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain and maps its error, if any.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let requestID = context.id
        do {
            var response = try await next(request, context)
            response.headers[Self.requestIDField] = requestID
            return response
        } catch {
            let mapped = Self.map(error, requestID: requestID)
            let metadata: Logger.Metadata = [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(mapped.status.code)",
                "code": "\(mapped.code)",
            ]
            if mapped.status.code >= 500 {
                context.logger.error("request failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            } else {
                context.logger.info("request refused", metadata: metadata)
            }
            var response = try mapped.response(from: request, context: context)
            // A browser that opens an unknown public address gets a page (Indonesian; `?lang=en`), not JSON.
            if mapped.status == .notFound, mapped.code == "route.notFound", !request.uri.path.hasPrefix("/api/"),
                APIResponse.wantsHTML(request)
            {
                let language = PublicLanguage.of(request)
                response = APIResponse.html(PublicPages.notFound(language: language), status: .notFound)
            }
            response.headers[Self.requestIDField] = requestID
            return response
        }
    }

    /// The response header carrying the request id.
    static var requestIDField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    /// The API error for any error.
    static func map(_ error: any Error, requestID: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as LedgerError:
            return map(error, requestID: requestID)
        case let error as IssuingError:
            return map(error)
        case let error as QRISError where error.code.rawValue.hasPrefix("amount."):
            return .badRequest(error.code.rawValue, error.message, field: "amount")
        case let error as HTTPError:
            return map(error)
        default:
            return internalError(requestID: requestID)
        }
    }

    static func map(_ error: LedgerError, requestID: String) -> APIError {
        let code = error.code
        let status: HTTPResponse.Status
        switch code {
        case .unknownCredential, .deviceRevoked: status = .unauthorized
        case .deviceCannotIssue, .actorNotAllowed, .cancelNotAllowed, .voidNotAllowed: status = .forbidden
        case .unknownInvoice, .unknownTicket, .unknownDevice, .unknownException, .unknownPayment, .unknownStaff,
            .unknownComplaint:
            status = .notFound
        case .invalidTransition, .ticketAlreadyClosed, .idempotencyKeyReused, .duplicateDeviceID,
            .duplicateCredential, .exceptionAlreadyResolved, .settlementNotImported, .settlementOutOfOrder,
            .refundExceedsPayment, .duplicateStaffEmail, .complaintAlreadyResolved:
            status = .conflict
        case .storageFailure, .configInvalid, .duplicateBillNumber, .duplicateReceiptCode:
            return internalError(requestID: requestID)
        default: status = .badRequest
        }
        return APIError(status, code.rawValue, error.message, field: error.field)
    }

    /// A domain refusal from issuing, closing or cancelling, by its kind.
    static func map(_ error: IssuingError) -> APIError {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .invalid: .badRequest
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .refused: .unprocessableContent
            case .acquirerRefused: .badGateway
            case .acquirerUnavailable: .serviceUnavailable
            }
        return APIError(status, error.code, error.message, field: error.field)
    }

    static func map(_ error: HTTPError) -> APIError {
        let code: String =
            switch error.status {
            case .contentTooLarge: "request.tooLarge"
            case .notFound: "route.notFound"
            case .methodNotAllowed: "route.methodNotAllowed"
            case .unsupportedMediaType: "request.unsupportedMediaType"
            default: "http.\(error.status.code)"
            }
        let message = error.body ?? error.status.reasonPhrase
        let status = error.status.code >= 500 ? HTTPResponse.Status.internalServerError : error.status
        return APIError(status, code, message)
    }

    static func internalError(requestID: String) -> APIError {
        APIError(
            .internalServerError, "internal",
            "internal error; quote request id \(requestID) to the operator")
    }
}
