import Foundation
import Ledger

/// Turns a received `POST …/qr-mpm-notify` into a ledger decision and the exact SNAP answer.
///
/// Order of checks: signature and timestamp skew per profile (a failure answers 401 `4015200` and
/// changes nothing), then the body (400 `4005201`/`4005202`), then the invoice. Every accepted notify
/// answers 200 `2005200 Successful`, including a replay and a notify for an unknown invoice (which is
/// recorded as an exception), because any other answer makes the acquirer retry (SNAP QRIS MPM
/// Notify). Idempotency is on (reference, RRN); the ledger store must enforce it again on write,
/// since two deliveries can race.
public struct NotifyProcessor: Sendable {
    /// The result of processing one notify.
    public struct Outcome: Sendable {
        /// What the notify means for the ledger.
        public var decision: NotifyDecision
        /// The answer to send, byte for byte.
        public var response: SNAPHTTPResponse
        /// The profile asks to confirm a payment with a query before marking the invoice paid.
        public var confirmWithQuery: Bool
    }

    /// The acquirer profile.
    public let profile: AcquirerProfile
    private let signer: NotifySigner

    /// Creates a value from its fields.
    public init(profile: AcquirerProfile, credentials: AcquirerCredentials) {
        self.profile = profile
        self.signer = NotifySigner(profile: profile, credentials: credentials)
    }

    /// Processes a notify.
    /// - Parameters:
    ///   - request: method, path, headers and the raw body bytes as received.
    ///   - now: the receiver's clock (injected, for the skew check and late flag).
    ///   - invoices: where to look the invoice up.
    public func process(_ request: SNAPHTTPRequest, now: Date, invoices: some NotifyInvoiceLookup) async -> Outcome {
        do {
            try signer.verify(request, now: now)
        } catch {
            return reject(error, as: .unauthorized)
        }
        let notify: NotifyRequest
        do {
            notify = try SNAPCoding.decode(NotifyRequest.self, from: request.body, what: "notify")
        } catch {
            return reject(error, as: error.code == .missingField ? .invalidMandatoryField : .invalidFieldFormat)
        }
        guard notify.latestTransactionStatus == .success else {
            return accept(
                .notPaid(reference: notify.originalPartnerReferenceNo, status: notify.latestTransactionStatus))
        }
        guard let amount = notify.amount else {
            let error = AcquirerError(.missingField, "notify: a successful payment needs 'amount'", field: "amount")
            return reject(error, as: .invalidMandatoryField)
        }
        let paidAt: Date
        do {
            paidAt = try notify.paidTime.map { text throws(AcquirerError) in try SNAPTimestamp(text).date } ?? now
        } catch {
            return reject(
                AcquirerError(.invalidField, "notify paidTime: \(error.message)", field: "paidTime"),
                as: .invalidFieldFormat)
        }
        let rrn = notify.additionalInfo?.retrievalReferenceNo ?? notify.originalReferenceNo
        var payment = NotifyPayment(
            reference: notify.originalPartnerReferenceNo, acquirerReference: notify.originalReferenceNo, rrn: rrn,
            amount: amount.rupiah, paidAt: paidAt, issuer: notify.additionalInfo?.issuer, late: false)
        let invoice: NotifyInvoiceState?
        do {
            invoice = try await invoices.invoice(reference: payment.reference)
        } catch {
            // The ledger could not answer: 500 makes the acquirer retry later; nothing was changed.
            return Outcome(
                decision: .rejected(AcquirerError(.lookupFailed, "invoice lookup failed", cause: error)),
                response: SNAPHTTPResponse(SNAPResult(.notify, .internalServerError)), confirmWithQuery: false)
        }
        guard let invoice else { return accept(.unknownInvoice(payment)) }
        if invoice.recordedRRNs.contains(rrn) { return accept(.replay(reference: invoice.reference, rrn: rrn)) }
        payment.late = paidAt > invoice.expiresAt
        if !invoice.recordedRRNs.isEmpty {
            return accept(.mismatch(payment, .alreadyPaid(rrns: invoice.recordedRRNs.sorted())))
        }
        if payment.amount != invoice.amount {
            return accept(.mismatch(payment, .amountDiffers(invoice: invoice.amount)))
        }
        return Outcome(
            decision: .paid(payment), response: SNAPHTTPResponse(SNAPResult(.notify, .successful)),
            confirmWithQuery: profile.notify.confirmWithQuery)
    }

    private func accept(_ decision: NotifyDecision) -> Outcome {
        Outcome(
            decision: decision, response: SNAPHTTPResponse(SNAPResult(.notify, .successful)), confirmWithQuery: false)
    }

    private func reject(_ error: AcquirerError, as snapCase: SNAPCase) -> Outcome {
        let header = error.code == .missingHeader || error.code == .invalidHeader || error.code == .invalidTimestamp
        let snap: SNAPCase =
            snapCase == .unauthorized && header
            ? (error.code == .missingHeader ? .invalidMandatoryField : .invalidFieldFormat) : snapCase
        return Outcome(
            decision: .rejected(error), response: SNAPHTTPResponse(SNAPResult(.notify, snap)), confirmWithQuery: false)
    }
}

extension AcquirerError.Code {
    /// The invoice lookup failed (the store is unavailable).
    public static let lookupFailed = Self("notify.lookupFailed")
}
