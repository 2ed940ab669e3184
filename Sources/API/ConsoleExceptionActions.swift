import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging

/// The actions of the detail page `/console/exceptions/{id}` (finance and admins): assign, resolve
/// and refund, through the same domain calls as the API's routes, with the signed-in staff member
/// as the actor of their chain events. Success answers 303 back to the detail page; a refusal
/// renders the page with the reason (and the status the API would answer) and changes nothing.
struct ConsoleExceptionActions {
    let routes: ConsoleExceptionRoutes

    var services: APIServices { routes.services }

    /// 303 to the detail page with `done`.
    private func done(_ id: ExceptionCase.ID, _ what: String, _ view: ConsoleView) -> Response {
        ConsoleView.redirect(
            "/console/exceptions/\(id.rawValue)?done=\(what)" + (view.language == .en ? "&lang=en" : ""))
    }

    /// Runs `action`; a refusal (4xx, 502, 503) renders the detail page with its message and status.
    private func act(
        _ request: Request, _ context: LunasRequestContext,
        _ action: (StaffMember, ConsoleForm, ExceptionCase) async throws -> Response
    ) async throws -> Response {
        let view = routes.view(request, context)
        if let refusal = view.refusal(unless: ConsoleExceptionRoutes.workers) { return refusal }
        guard let staff = context.staff else { throw APIError.forbidden("signed-in staff only") }
        let exception = try await routes.exception(context)
        let form = try await ConsoleForm.read(request)
        do {
            return try await action(staff, form, exception)
        } catch {
            let mapped = APIErrorMiddleware<LunasRequestContext>.map(error, requestID: context.id)
            guard mapped.status.code < 500 || [502, 503].contains(mapped.status.code) else { throw error }
            let text = mapped.field.map { "\($0): \(mapped.message)" } ?? mapped.message
            return try await routes.detail(request, context, message: ("bad", text), status: mapped.status)
        }
    }

    func assign(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await act(request, context) { staff, form, exception in
            guard let to = form.trimmed("to") else {
                throw APIError.badRequest("request.invalidValue", "choose who works on it", field: "to")
            }
            let members = try await services.staff?.staffMembers() ?? []
            guard
                members.contains(where: {
                    $0.email == to && $0.isActive && ConsoleExceptionRoutes.workers.contains($0.role)
                })
            else {
                throw APIError.badRequest(
                    "request.invalidValue", "\"\(to.prefix(60))\" is not an active finance or admin account",
                    field: "to")
            }
            _ = try await services.store.assignException(exception.id, to: to, actor: staff.actor, at: services.now())
            return done(exception.id, "assigned", routes.view(request, context))
        }
    }

    func resolve(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await act(request, context) { staff, form, exception in
            let text = form.trimmed("resolution") ?? ""
            guard let code = ExceptionCase.ResolutionCode(rawValue: text) else {
                throw ExceptionRoutes.invalid("resolution", text, ExceptionCase.ResolutionCode.allCases.map(\.rawValue))
            }
            // Only the field the code uses is passed, as an API client sends only that one.
            let invoice = code == .matchedManually ? form.trimmed("invoiceId") : nil
            let other = code == .duplicateOf ? form.trimmed("duplicateOf") : nil
            _ = try await services.store.resolveException(
                exception.id,
                ExceptionCase.Resolution(
                    code: code, note: form.trimmed("note") ?? "",
                    invoiceID: invoice.map { Invoice.ID(String($0.prefix(64))) },
                    duplicateOf: other.map { ExceptionCase.ID(String($0.prefix(64))) }, actor: staff.actor,
                    at: services.now()))
            return done(exception.id, "resolved", routes.view(request, context))
        }
    }

    /// Refunds the exception's payment through ``PaymentRefunder`` (as `POST
    /// /api/v1/payments/{id}/refund`), keyed by the form's one-time value: a form sent twice refunds once.
    func refund(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await act(request, context) { staff, form, exception in
            guard ConsoleExceptionRoutes.refundable.contains(exception.category), let payment = exception.paymentID
            else {
                throw APIError(
                    .conflict, "refund.notRefundable",
                    "exception \(exception.id) (\(exception.category.rawValue)) names no payment to refund here")
            }
            guard let once = form["once"], Self.isOnce(once) else {
                throw APIError.badRequest("request.invalidValue", "the form's one-time value is missing", field: "once")
            }
            let text = form.trimmed("amount") ?? ""
            guard let amount = Int64(text.filter { $0 != "." }) else {
                throw APIError.badRequest(
                    "request.invalidValue", "amount must be a whole number of rupiah, got \"\(text.prefix(20))\"",
                    field: "amount")
            }
            let recorded = try await services.refunder.refund(
                paymentID: payment, amount: amount, reason: form.trimmed("reason") ?? "", device: staff.authority,
                idempotencyKey: "\(staff.id.rawValue):console:\(once)", actor: staff.actor)
            PaymentRoutes.log(recorded, by: "\(staff.id)", context.logger)
            return done(exception.id, "refunded", routes.view(request, context))
        }
    }

    /// A new one-time value for a refund form (32 hexadecimal digits).
    static func newOnce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.ledgerHex
    }

    /// Whether `text` is a one-time value as ``newOnce()`` makes them.
    static func isOnce(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
