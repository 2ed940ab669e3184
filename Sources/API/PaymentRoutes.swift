import Foundation
import Hummingbird
import Issuing
import Ledger
import Logging

/// `POST /api/v1/payments/{id}/refund {"amount", "reason"}` (finance, admin; `Idempotency-Key`
/// required): refunds (part of) a payment through the acquirer and records it
/// (``PaymentRefunder``). 201 with the refund, the payment's invoice and the exceptions it
/// resolved; a repeat with the same key answers the first refund without calling the acquirer.
/// 503 `acquirer.unavailable` / 502 `acquirer.refused` with nothing written; 409
/// `refund.exceedsPayment`, `refund.inProgress`, `idempotency.keyReused`; 404 `payment.unknown`.
struct PaymentRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.post("v1/payments/{id}/refund") { request, context in try await refund(request, context) }
    }

    struct RefundBody: APIRequestBody {
        static let fields: Set<String> = ["amount", "reason"]
        var amount: Int64
        var reason: String
    }

    func refund(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(PaymentRefunder.roles)
        let key = try APIRequest.idempotencyKey(request, deviceID: device.id.rawValue)
        let body = try await APIRequest.decode(RefundBody.self, from: request)
        let id = try context.parameters.require("id")
        guard id.utf8.count <= 64 else { throw APIError.notFound("payment \(id.prefix(40))") }
        let recorded = try await services.refunder.refund(
            paymentID: Payment.ID(id), amount: body.amount, reason: body.reason, device: device, idempotencyKey: key)
        Self.log(recorded, by: "\(device.id)", context.logger)
        return try APIResponse.json(RefundAnswer(recorded), status: .created)
    }

    /// Logs a refund when it is recorded now (a repeated request, answered from the record, logs
    /// nothing): the payment, the refund, its amount and who asked (a device or a staff member).
    static func log(_ recorded: RecordedRefund, by actor: String, _ logger: Logger) {
        guard recorded.isNew else { return }
        logger.info(
            "payment refunded",
            metadata: [
                "payment": "\(recorded.payment.id)", "refund": "\(recorded.refund.id)",
                "amount": "\(recorded.refund.amount.value)", "by": "\(actor)",
            ])
    }

    /// The refund answer.
    struct RefundAnswer: Encodable {
        var refund: RefundView
        var invoice: InvoiceView
        var resolvedExceptions: [ExceptionView]

        init(_ recorded: RecordedRefund) {
            refund = RefundView(recorded)
            invoice = InvoiceView(recorded.invoice)
            resolvedExceptions = recorded.resolvedExceptions.map(ExceptionView.init)
        }
    }
}

/// `refund` in API responses (``PaymentRefund``).
struct RefundView: Codable, Sendable, Equatable {
    var id: String
    var paymentId: String
    var invoiceId: String
    var amount: Int64
    var reason: String
    var partnerRefundNo: String
    var acquirerReference: String
    var refundedAt: String
    var by: ExceptionView.Actor
    /// The payment's amount and how much of it has been refunded in all, this refund included.
    var paymentAmount: Int64
    var refundedTotal: Int64

    init(_ recorded: RecordedRefund) {
        let refund = recorded.refund
        id = refund.id.rawValue
        paymentId = refund.paymentID.rawValue
        invoiceId = refund.invoiceID.rawValue
        amount = refund.amount.value
        reason = refund.reason
        partnerRefundNo = refund.partnerRefundNo
        acquirerReference = refund.acquirerReference
        refundedAt = APITime.text(refund.refundedAt)
        by = ExceptionView.Actor(refund.actor)
        paymentAmount = recorded.payment.amount.value
        refundedTotal = recorded.refundedTotal.value
    }
}
