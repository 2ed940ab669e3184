import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `POST {pathPrefix}/v1.0/qr/qr-mpm-notify`: the acquirer tells Lunas that a citizen paid.
///
/// No device token: the acquirer's signature is the credential (``NotifyProcessor`` checks it and
/// the timestamp skew; a bad one answers 401 and writes nothing). A paid notify records the
/// payment (`acquirer_notification`), which moves the invoice to `paid` or `paid_late` and so ends
/// its SSE stream and `?wait` long-poll. A notify for an unknown invoice, a wrong amount, an amount
/// above the QRIS maximum, a field the ledger cannot store as sent or a contradicting repeat is
/// recorded as a payment exception and answered `2005200`, never dropped nor refused with a 500
/// the acquirer would retry forever. A replay of (reference, RRN) answers `2005200` and changes
/// nothing. Every record names the acquirer profile and key that verified the notify. The answer
/// is the SNAP body, byte for byte.
struct NotifyRoute {
    let services: APIServices
    let link: AcquirerLink

    /// The largest notify body read.
    static let maximumBodyBytes = 64 * 1024

    func register(on router: Router<LunasRequestContext>) {
        router.post(RouterPath(link.profile.notifyPath)) { request, context in
            try await notify(request, context)
        }
    }

    func notify(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodyBytes)
        } catch {
            return Self.answer(
                SNAPHTTPResponse(SNAPResult(.notify, .badRequest, message: "Bad Request. Body too large")))
        }
        let snapRequest = SNAPHTTPRequest(
            method: request.method.rawValue, path: request.uri.path,
            headers: HeaderFields(request.headers.map { (name: $0.name.canonicalName, value: $0.value) }),
            body: Array(body.readableBytesView))
        let now = services.now()
        let outcome = await link.processor.process(
            snapRequest, now: now, invoices: LedgerNotifyLookup(store: services.store))
        if outcome.confirmWithQuery, case .paid(let payment) = outcome.decision, let confirmer = link.confirmer {
            if let refusal = await confirm(payment, with: confirmer, logger: context.logger) { return refusal }
        }
        do {
            try await record(outcome.decision, evidence: outcome.evidence, now: now, logger: context.logger)
        } catch {
            // The ledger could not take it (storage failed): 500 makes the acquirer retry; nothing
            // half-written. Bad or contradictory data never lands here: it is recorded as an exception.
            context.logger.error("notify not recorded", metadata: ["error": "\(error)"])
            return Self.answer(SNAPHTTPResponse(SNAPResult(.notify, .internalServerError)))
        }
        return Self.answer(outcome.response)
    }

    /// `notify.confirmWithQuery`: the acquirer's query must say the payment succeeded for the same
    /// amount. Otherwise nothing is written and the answer is 500, so the acquirer sends the notify
    /// again later (a query that lags behind its notify then catches up). Returns that answer, or
    /// `nil` when confirmed.
    func confirm(_ payment: NotifyPayment, with confirmer: SNAPQRIssuer, logger: Logger) async -> Response? {
        let detail: String
        do throws(AcquirerError) {
            let query = try await confirmer.confirm(reference: payment.reference)
            if query.latestTransactionStatus == .success, query.amount?.rupiah == payment.amount { return nil }
            detail =
                "query says \(query.responseCode) status \(query.latestTransactionStatus.map { "\($0)" } ?? "none")"
                + " amount \(query.amount.map { "\($0.rupiah)" } ?? "none")"
        } catch {
            detail = error.message
        }
        logger.warning(
            "notify not confirmed by query", metadata: ["billNumber": "\(payment.reference)", "reason": "\(detail)"])
        return Self.answer(
            SNAPHTTPResponse(
                SNAPResult(.notify, .internalServerError, message: "Internal Server Error. Payment not confirmed")))
    }

    /// Performs the ledger write a decision asks for (one transaction each).
    ///
    /// Whatever a verified notify carries is recorded: a payment, or a payment exception when the
    /// ledger cannot apply or even store it as sent (unknown or malformed bill number, wrong or
    /// out-of-range amount, an issuer name or RRN the columns cannot hold, a (bill number, RRN)
    /// recorded before with another amount). Each record names the profile and key that verified
    /// the notify; an exception also keeps the body's SHA-256. Only a storage failure throws.
    func record(_ decision: NotifyDecision, evidence: NotifyEvidence?, now: Date, logger: Logger) async throws {
        switch decision {
        case .paid(let payment):
            try await recordPayment(payment, evidence: evidence, now: now, logger: logger)
        case .mismatch(let payment, .alreadyPaid):
            // A second payment of one bill: the ledger keeps it as an `extra` payment.
            try await recordPayment(payment, evidence: evidence, now: now, logger: logger)
        case .mismatch(let payment, .amountDiffers(let expected)):
            try await recordException(
                payment, reason: .amountMismatch,
                detail: "invoice amount \(expected.formatted), paid \(payment.amount.formatted)", evidence: evidence,
                now: now, logger: logger)
        case .unknownInvoice(let payment):
            let (reason, detail) = try await unknownBill(payment.reference)
            try await recordException(
                payment, reason: reason, detail: detail, evidence: evidence, now: now, logger: logger)
        case .amountOutOfRange(let payment):
            try await recordException(
                payment, reason: .amountOutOfRange,
                detail: "amount \(payment.amountText.prefix(40)) is above the QRIS maximum "
                    + "\(Rupiah.maximumStored.formatted); kept as text, not as money",
                evidence: evidence, now: now, logger: logger)
        case .malformed(let payment, let problem):
            try await recordException(
                payment, reason: .invalidField, detail: "the notify could not be read as sent: \(problem)",
                evidence: evidence, now: now, logger: logger)
        case .replay(let reference, let rrn):
            logger.info("notify replayed", metadata: ["billNumber": "\(reference)", "rrn": "\(rrn)"])
        case .notPaid(let reference, let status):
            logger.info("notify without payment", metadata: ["billNumber": "\(reference)", "status": "\(status)"])
        case .rejected(let error):
            logger.warning("notify refused", metadata: ["code": "\(error.code)", "reason": "\(error.message)"])
        }
    }

    private func recordPayment(
        _ payment: NotifyPayment, evidence: NotifyEvidence?, now: Date, logger: Logger
    ) async throws {
        guard let billNumber = try? BillNumber(payment.reference) else {
            try await recordException(
                payment, reason: .unknownInvoice,
                detail: "no invoice has bill number \(payment.reference.prefix(40)) "
                    + "(\(payment.reference.utf8.count) bytes; not a valid bill number)",
                evidence: evidence, now: now, logger: logger)
            return
        }
        let draft = PaymentDraft(
            billNumber: billNumber, rrn: payment.rrn, issuer: payment.issuer ?? "unknown", amount: payment.amount,
            paidAt: payment.paidAt, recordedAt: now, source: .acquirerNotification, verifiedBy: evidence?.verifiedBy)
        let reason: PaymentException.Reason
        let detail: String
        do {
            let recorded = try await services.store.recordPayment(draft)
            if recorded.isNew { services.changes.ledgerMoved() }
            logger.info(
                "payment recorded",
                metadata: ["billNumber": "\(billNumber)", "rrn": "\(payment.rrn)", "new": "\(recorded.isNew)"])
            return
        } catch let error as LedgerError where error.code == .unknownBillNumber {
            (reason, detail) = try await unknownBill(payment.reference)
        } catch let error as LedgerError where error.code == .amountMismatch {
            (reason, detail) = (.amountMismatch, error.message)
        } catch let error as LedgerError where error.code == .duplicateRRN {
            (reason, detail) = (.duplicateRRN, error.message)
        } catch let error as LedgerError where error.code == .invalidField {
            (reason, detail) = (.invalidField, error.message)
        }
        try await recordException(payment, reason: reason, detail: detail, evidence: evidence, now: now, logger: logger)
    }

    /// Why no invoice has a bill number: an offline bill number of an enrolled device is held as
    /// `pending_offline` (matched when the device syncs the record); anything else is unknown.
    private func unknownBill(_ reference: String) async throws -> (PaymentException.Reason, String) {
        if let (code, sequence) = OfflineBillNumber.parse(
            reference, prefix: services.configuration.city.billNumberPrefix),
            let device = try await services.store.device(code: code)
        {
            return (
                .pendingOffline,
                "offline bill number of device \(device.id) (sequence \(sequence)), not synced yet: held, and "
                    + "matched when the device syncs its record"
            )
        }
        return (.unknownInvoice, "no invoice has bill number \(reference)")
    }

    private func recordException(
        _ payment: NotifyPayment, reason: PaymentException.Reason, detail: String, evidence: NotifyEvidence?,
        now: Date, logger: Logger
    ) async throws {
        try await recordException(
            PaymentExceptionDraft(
                fitting: payment.reference, rrn: payment.rrn, issuer: payment.issuer ?? "unknown",
                amount: payment.amount, paidAt: payment.paidAt, recordedAt: now, source: .acquirerNotification,
                reason: reason, detail: detail, bodySHA256: evidence?.bodySHA256, verifiedBy: evidence?.verifiedBy),
            logger: logger)
    }

    /// The exception of a payment the notify could not state as money (an unstorable amount, or
    /// fields that could not be read): the amount kept only as the text sent.
    private func recordException(
        _ payment: NotifyUnstorablePayment, reason: PaymentException.Reason, detail: String,
        evidence: NotifyEvidence?, now: Date, logger: Logger
    ) async throws {
        try await recordException(
            PaymentExceptionDraft(
                fitting: payment.reference, rrn: payment.rrn, issuer: payment.issuer ?? "unknown", amount: nil,
                amountText: payment.amountText, paidAt: payment.paidAt, recordedAt: now,
                source: .acquirerNotification, reason: reason, detail: detail, bodySHA256: evidence?.bodySHA256,
                verifiedBy: evidence?.verifiedBy),
            logger: logger)
    }

    private func recordException(_ draft: PaymentExceptionDraft, logger: Logger) async throws {
        let recorded = try await services.store.recordPaymentException(draft)
        logger.warning(
            "payment exception recorded",
            metadata: [
                "reason": "\(draft.reason.rawValue)", "rrn": "\(draft.rrn)", "new": "\(recorded.isNew)",
                "exception": "\(recorded.exception.id)",
            ])
        // A payment without a bill number that fits exactly one offline static-QRIS bill is applied to it.
        if draft.reason == .unknownInvoice, recorded.isNew,
            let matched = try await services.store.matchStaticOfflinePayment(
                ExceptionCase.ID(recorded.exception.id.rawValue), at: draft.recordedAt)
        {
            logger.info(
                "payment matched to an offline bill by amount and time",
                metadata: [
                    "exception": "\(matched.id)", "invoice": "\(matched.resolution?.invoiceID?.rawValue ?? "-")",
                ])
        }
    }

    static func answer(_ response: SNAPHTTPResponse) -> Response {
        APIResponse.bytes(
            response.body, mediaType: "application/json",
            status: HTTPResponse.Status(code: response.status))
    }
}
