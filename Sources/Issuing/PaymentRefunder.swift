import Acquirer
import Foundation
import Ledger
import Synchronization

/// Gives money back for a payment (`POST /api/v1/payments/{id}/refund`): checks the request against
/// the ledger, asks the acquirer to refund (SNAP refund, service 78), and records the refund with its
/// effects in one ledger transaction (``LedgerStore/refundPayment(_:requestHash:)``).
///
/// - Nothing is written when the acquirer is unreachable (503 `acquirer.unavailable`) or refuses
///   (502 `acquirer.refused`).
/// - A repeat with the same idempotency key returns the first refund without calling the acquirer.
/// - The refunds of a payment never exceed it (409 `refund.exceedsPayment`), checked before the
///   acquirer is called and again in the ledger's transaction.
/// - One refund of a payment at a time on this server (409 `refund.inProgress`): two concurrent
///   requests with different keys could otherwise both pass the check and both reach the bank.
/// - The SNAP `partnerRefundNo` comes from the idempotency key
///   (``PaymentRefund/partnerRefundNumber(idempotencyKey:)``): if the acquirer refunded but the
///   ledger write failed, the same request again gets the acquirer's first refund back, not a second.
public struct PaymentRefunder: Sendable {
    /// The ledger.
    public let store: any LedgerStore & IdempotencyLookup
    /// The acquirer's SNAP session; nil when the server has none (refunds answer 503).
    public let acquirer: SNAPQRIssuer?
    private let now: @Sendable () -> Date
    private let inFlight = InFlight()

    /// Creates a refunder.
    public init(
        store: any LedgerStore & IdempotencyLookup, acquirer: SNAPQRIssuer?,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.acquirer = acquirer
        self.now = now
    }

    /// The roles that may refund.
    public static let roles: Set<Device.Role> = [.finance, .admin]

    /// Refunds `amount` of payment `paymentID` for `device` (finance or admin).
    /// - Parameters:
    ///   - idempotencyKey: the request's key (already prefixed with the device by the caller).
    ///   - actor: who the refund's event names; nil names `device` (a staff member in the console
    ///     passes their ``StaffMember/actor`` with their ``StaffMember/authority`` as `device`).
    /// - Throws: ``IssuingError`` `auth.forbidden`, `payment.unknown` (404), `request.invalidField`
    ///   (`amount`, `reason`), `idempotency.keyReused` / `refund.exceedsPayment` / `refund.inProgress`
    ///   (409), `acquirer.unavailable` (503), `acquirer.refused` (502); ledger errors.
    public func refund(
        paymentID: Payment.ID, amount: Int64, reason: String, device: Device, idempotencyKey: String,
        actor: LedgerActor? = nil
    ) async throws -> RecordedRefund {
        guard Self.roles.contains(device.role) else {
            throw IssuingError(
                .forbidden, "auth.forbidden",
                "device \(device.id) has role \(device.role.rawValue); only finance and admin devices refund payments")
        }
        let requestHash = InvoiceIssuer.fingerprint(
            route: "payment.refund", target: ["paymentID": paymentID.rawValue],
            body: .object(["amount": .int(amount), "reason": .string(reason)]))
        if let first = try await firstResult(of: idempotencyKey, requestHash: requestHash) { return first }
        guard let payment = try await store.payment(id: paymentID) else {
            throw IssuingError(.notFound, "payment.unknown", "payment \(paymentID.rawValue.prefix(64)) not found")
        }
        let refund = PaymentRefund(
            id: .generate(), paymentID: payment.id, invoiceID: payment.invoiceID, amount: Rupiah(amount),
            reason: reason, partnerRefundNo: PaymentRefund.partnerRefundNumber(idempotencyKey: idempotencyKey),
            acquirerReference: "-", refundedAt: now(), actor: actor ?? .device(device.id), idempotencyKey: idempotencyKey)
        do {
            try refund.validate()
        } catch let error as LedgerError {
            throw IssuingError(.invalid, "request.invalidField", error.message, field: error.field)
        }
        try await requireWithin(payment, adding: refund.amount)
        guard let acquirer else {
            throw IssuingError(
                .acquirerUnavailable, "acquirer.unavailable",
                "this server has no acquirer to refund through (no SNAP credentials); nothing was written")
        }
        guard inFlight.begin(payment.id) else {
            throw IssuingError(
                .conflict, "refund.inProgress",
                "another refund of payment \(payment.id) is in progress; try again when it has finished")
        }
        defer { inFlight.end(payment.id) }
        let answer: RefundResponse
        do throws(AcquirerError) {
            answer = try await acquirer.refund(
                reference: payment.billNumber.rawValue, rrn: payment.rrn, partnerRefundNo: refund.partnerRefundNo,
                amount: refund.amount, reason: reason)
        } catch  where error.code == .acquirerUnavailable {
            throw IssuingError(
                .acquirerUnavailable, "acquirer.unavailable",
                "the acquirer is unreachable, nothing was refunded or written; try again: \(error.message)")
        } catch {
            throw IssuingError(
                .acquirerRefused, "acquirer.refused",
                "the acquirer refused the refund, nothing was written: \(error.message)")
        }
        var made = refund
        made.acquirerReference = String((answer.refundNo ?? "-").prefix(64))
        made.refundedAt = now()
        do {
            return try await store.refundPayment(made, requestHash: requestHash)
        } catch let error as LedgerError where error.code == .refundExceedsPayment {
            throw IssuingError(.conflict, error.code.rawValue, error.message, field: error.field)
        }
    }

    /// The first refund of a used key (same request), nil for a new key.
    private func firstResult(of key: String, requestHash: String) async throws -> RecordedRefund? {
        guard let record = try await store.idempotencyRecord(key: key) else { return nil }
        try InvoiceIssuer.requireSameRequest(record, requestHash)
        guard record.operation == .refundPayment,
            let first = try await store.paymentRefund(id: PaymentRefund.ID(record.entityID)),
            let payment = try await store.payment(id: first.paymentID),
            let invoice = try await store.invoice(id: first.invoiceID)
        else {
            throw IssuingError(
                .conflict, "idempotency.keyReused",
                "Idempotency-Key was already used for \(record.operation.rawValue) \(record.entityID); nothing was written",
                field: "Idempotency-Key")
        }
        let refunds = try await store.refunds(invoiceID: first.invoiceID).filter { $0.paymentID == first.paymentID }
        let total = try refunds.reduce(Rupiah.zero) { try $0.adding($1.amount, what: "refunds of \(payment.id)") }
        let resolved = try await store.exceptionCases(ExceptionQuery(invoiceID: first.invoiceID)).filter {
            $0.paymentID == payment.id && $0.resolution?.code == .refunded
                && ($0.resolution?.note.contains(first.id.rawValue) ?? false)
        }
        return RecordedRefund(
            refund: first, payment: payment, invoice: invoice, refundedTotal: total, resolvedExceptions: resolved,
            isNew: false)
    }

    /// 409 `refund.exceedsPayment` unless the payment's refunds plus `amount` stay within it.
    private func requireWithin(_ payment: Payment, adding amount: Rupiah) async throws {
        let refunded = try await store.refunds(invoiceID: payment.invoiceID).filter { $0.paymentID == payment.id }
        let before = try refunded.reduce(Rupiah.zero) { try $0.adding($1.amount, what: "refunds of \(payment.id)") }
        let total = try before.adding(amount, what: "refunds of \(payment.id)")
        guard total <= payment.amount else {
            throw IssuingError(
                .conflict, "refund.exceedsPayment",
                "refunding \(amount.value) would take payment \(payment.id) of \(payment.amount.value) past what was "
                    + "paid (\(before.value) refunded before); nothing was written", field: "amount")
        }
    }

    /// The payments being refunded now on this server.
    private final class InFlight: Sendable {
        private let payments = Mutex<Set<Payment.ID>>([])
        func begin(_ id: Payment.ID) -> Bool { payments.withLock { $0.insert(id).inserted } }
        func end(_ id: Payment.ID) { _ = payments.withLock { $0.remove(id) } }
    }
}
