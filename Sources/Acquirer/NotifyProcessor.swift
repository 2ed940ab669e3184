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
        /// Who verified the notify and the SHA-256 of its body; `nil` when it was refused before
        /// its signature was verified.
        public var evidence: NotifyEvidence? = nil
    }

    /// The acquirer profile.
    public let profile: AcquirerProfile
    private let signer: NotifySigner
    /// The id of the key that verifies this acquirer's notifies (``NotifyKeyID``).
    public let keyID: String

    /// Remembers verified header pairs and X-EXTERNAL-IDs (`rsa-client-timestamp` only; see
    /// ``NotifyReplayStore``).
    public let replays: (any NotifyReplayStore)?

    /// Creates a value from its fields.
    /// - Parameter replays: the replay cache; required in production for the `rsa-client-timestamp`
    ///   scheme, whose signature covers no byte of the body.
    public init(
        profile: AcquirerProfile, credentials: AcquirerCredentials, replays: (any NotifyReplayStore)? = nil
    ) {
        self.profile = profile
        self.replays = profile.notify.scheme == .rsaClientTimestamp ? replays : nil
        self.signer = NotifySigner(profile: profile, credentials: credentials)
        self.keyID = NotifyKeyID.of(profile: profile, credentials: credentials)
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
        if let refusal = await claim(request, now: now) { return refusal }
        var outcome = await decide(request, now: now, invoices: invoices)
        outcome.evidence = NotifyEvidence(
            verifiedBy: PaymentVerification(profileID: profile.id, keyID: keyID),
            bodySHA256: SNAPSignature.hexSHA256(request.body))
        return outcome
    }

    /// What a notify whose signature was verified means.
    private func decide(_ request: SNAPHTTPRequest, now: Date, invoices: some NotifyInvoiceLookup) async -> Outcome {
        let notify: NotifyRequest
        do {
            notify = try SNAPCoding.decode(NotifyRequest.self, from: request.body, what: "notify")
        } catch {
            if let unstorable = NotifyUnstorablePayment.probe(request.body, now: now) {
                return accept(.amountOutOfRange(unstorable))
            }
            return malformed(request, error, now: now)
        }
        guard notify.latestTransactionStatus == .success else {
            return accept(
                .notPaid(reference: notify.originalPartnerReferenceNo, status: notify.latestTransactionStatus))
        }
        guard let amount = notify.amount else {
            let error = AcquirerError(.missingField, "notify: a successful payment needs 'amount'", field: "amount")
            return malformed(request, error, now: now)
        }
        let paidAt: Date
        do {
            paidAt = try notify.paidTime.map { text throws(AcquirerError) in try SNAPTimestamp(text).date } ?? now
        } catch {
            return malformed(
                request, AcquirerError(.invalidField, "notify paidTime: \(error.message)", field: "paidTime"),
                now: now)
        }
        let rrn = notify.additionalInfo?.retrievalReferenceNo ?? notify.originalReferenceNo
        guard amount.rupiah.isStorable else {
            // The amount as sent (the probe reads the raw text), never as money.
            return accept(
                .amountOutOfRange(
                    NotifyUnstorablePayment.probe(request.body, now: now)
                        ?? NotifyUnstorablePayment(
                            reference: notify.originalPartnerReferenceNo, rrn: rrn, amountText: amount.value,
                            paidAt: paidAt, issuer: notify.additionalInfo?.issuer)))
        }
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
        // A repeat of a recorded (reference, RRN) is a replay, unless it reports another amount: then
        // it goes on to the ledger, which records the contradiction as an exception.
        if invoice.recordedRRNs.contains(rrn), invoice.recordedAmounts[rrn].map({ $0 == payment.amount }) ?? true {
            return accept(.replay(reference: invoice.reference, rrn: rrn))
        }
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

    /// The replay check of a verified notify: a header pair or X-EXTERNAL-ID seen within the skew
    /// window answers 401 `4015200` or 409 `4095200` and writes nothing; a cache that cannot
    /// persist the claim answers 500, so the acquirer retries. Returns that answer, or `nil`.
    private func claim(_ request: SNAPHTTPRequest, now: Date) async -> Outcome? {
        guard let replays, let text = request.headers[SNAPHeaderName.timestamp],
            let timestamp = try? SNAPTimestamp(text), let signature = request.headers[SNAPHeaderName.signature]
        else { return nil }
        let claim: NotifyReplayClaim
        do {
            claim = try await replays.claim(
                timestamp: timestamp, signature: signature,
                partnerID: request.headers[SNAPHeaderName.partnerID] ?? "",
                externalID: request.headers[SNAPHeaderName.externalID],
                body: SNAPSignature.hexSHA256(request.body), now: now)
        } catch {
            return Outcome(
                decision: .rejected(error), response: SNAPHTTPResponse(SNAPResult(.notify, .internalServerError)),
                confirmWithQuery: false)
        }
        switch claim {
        case .fresh:
            return nil
        case .replayedSignature:
            return reject(
                AcquirerError(
                    .notifyReplayed,
                    "X-TIMESTAMP and X-SIGNATURE were used by an earlier notify within the skew window",
                    field: SNAPHeaderName.signature), as: .unauthorized)
        case .duplicateExternalID:
            return reject(
                AcquirerError(
                    .notifyReplayed, "X-EXTERNAL-ID was used by an earlier notify within the skew window",
                    field: SNAPHeaderName.externalID), as: .conflict)
        }
    }

    /// A verified notify whose body cannot be taken as it stands: recorded as an exception with what
    /// can be read of it and answered 200, so the acquirer stops retrying and finance sees it.
    private func malformed(_ request: SNAPHTTPRequest, _ error: AcquirerError, now: Date) -> Outcome {
        accept(.malformed(NotifyUnstorablePayment.salvage(request.body, now: now), problem: error.message))
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
    /// A verified notify's header pair or X-EXTERNAL-ID was seen within the skew window.
    public static let notifyReplayed = Self("notify.replayed")
}
