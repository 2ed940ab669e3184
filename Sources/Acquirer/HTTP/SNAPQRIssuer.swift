import Foundation
import Ledger

/// Gets an invoice's dynamic QR from the acquirer over SNAP (`snap` issuing mode): access token,
/// generate, and — after a timeout or 5xx — a query instead of a second generate.
///
/// Every X-EXTERNAL-ID is taken from the ``ExternalIDStore`` (persisted) before its request is sent.
/// What comes back is checked by ``GeneratedQR``: a QR for another merchant, amount or reference is
/// refused. Nothing here writes to the ledger; the caller records the invoice only after a valid
/// QR came back.
public actor SNAPQRIssuer {
    /// Builds and reads the signed messages.
    nonisolated public let client: SNAPClient
    /// Where the acquirer lives (the profile's `baseURL`, or `--acquirer-url`).
    nonisolated public let baseURL: String
    private let http: AcquirerHTTPClient
    private let externalIDs: any ExternalIDStore
    private let now: @Sendable () -> Date
    private var token: (value: String, expiresAt: Date)?

    /// Creates an issuer.
    /// - Parameters:
    ///   - baseURL: overrides the profile's `baseURL` when given.
    ///   - externalIDs: where X-EXTERNAL-IDs are persisted before sending.
    public init(
        client: SNAPClient, baseURL: String? = nil, http: AcquirerHTTPClient = AcquirerHTTPClient(),
        externalIDs: any ExternalIDStore, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.baseURL = baseURL ?? client.profile.baseURL
        self.http = http
        self.externalIDs = externalIDs
        self.now = now
    }

    /// Asks the acquirer for the invoice's QR and checks it.
    /// - Parameters:
    ///   - reference: the invoice's bill number (`partnerReferenceNo`).
    ///   - merchantIdentifiers: the city's NMID and merchant ids; the QR must pay one of them.
    /// - Throws: ``AcquirerError`` `acquirer.unavailable` (no answer, 5xx, the recovery query did not
    ///   get through), `acquirer.refused` (a definite refusal), `generate.abandoned` (the acquirer made
    ///   a QR whose answer was lost; it was cancelled, so draw a new reference), `generate.mismatch`.
    public func generate(
        reference: String, amount: Rupiah, terminalID: String?, expiresAt: Date?, merchantIdentifiers: [String]
    ) async throws(AcquirerError) -> GeneratedQR {
        let body = try client.generateBody(
            reference: reference, amount: amount, terminalID: terminalID, expiresAt: expiresAt, callbackURL: nil,
            now: now())
        var attempt = 1
        var renewedToken = false
        while true {
            let (externalID, result) = try await call(
                .generateQR, body: body, operation: "generate:\(reference):\(attempt)")
            switch GenerateRetryRule.afterGenerate(AcquirerHTTPClient.outcome(of: result)) {
            case .accept:
                let response = try client.decode(GenerateQRResponse.self, from: result.get(), service: .generateQR)
                return try GeneratedQR(
                    verifying: response, reference: reference, amount: amount,
                    merchantIdentifiers: merchantIdentifiers)
            case .renewTokenAndRetry where !renewedToken:
                token = nil
                renewedToken = true
                attempt += 1
            case .renewTokenAndRetry, .fail:
                throw refusal(.generateQR, result)
            case .queryInstead:
                switch try await recover(reference: reference, generateExternalID: externalID) {
                case .generateAgain where attempt < 3:
                    attempt += 1
                case .generateAgain, .queryAgainLater:
                    throw AcquirerError(
                        .acquirerUnavailable,
                        "the acquirer did not answer generate for \(reference), and a query could not settle it")
                case .cancelThenIssueLocally:
                    _ = try? await call(
                        .cancelQR,
                        body: CancelRequest(
                            originalPartnerReferenceNo: reference, originalExternalId: externalID,
                            merchantId: client.profile.merchantId, reason: "generate answer lost"),
                        operation: "cancel:\(reference)")
                    throw AcquirerError(
                        .generateAbandoned,
                        "the acquirer created a QR for \(reference) but its answer was lost; it was cancelled")
                case .paid, .closed, .fail:
                    throw AcquirerError(
                        .acquirerRefused, "the acquirer's query says \(reference) cannot be issued again")
                }
            }
        }
    }

    /// Confirms a notified payment with a query (`notify.confirmWithQuery`): the acquirer's own
    /// record of `reference`, under a new X-EXTERNAL-ID.
    /// - Throws: ``AcquirerError`` `acquirer.unavailable` (no answer, 5xx) or `acquirer.refused`.
    public func confirm(reference: String) async throws(AcquirerError) -> QueryResponse {
        let query = QueryRequest(originalPartnerReferenceNo: reference, merchantId: client.profile.merchantId)
        let response = try await answered(
            .queryQR, body: query, operation: "confirm:\(reference):\(UUID().uuidString)",
            named: "the confirming query", unanswered: "the confirming query got no answer")
        return try client.decode(QueryResponse.self, from: response, service: .queryQR)
    }

    /// Cancels an unpaid QR at the acquirer (SNAP cancel, service 77), under a new X-EXTERNAL-ID.
    /// Cancelling a cancelled QR again succeeds.
    /// - Throws: ``AcquirerError`` `acquirer.unavailable` (no answer, 5xx, 429) or `acquirer.refused`
    ///   (a definite refusal: the QR was paid, or the acquirer does not know it).
    public func cancel(reference: String, reason: String) async throws(AcquirerError) -> CancelResponse {
        let body = CancelRequest(
            originalPartnerReferenceNo: reference, merchantId: client.profile.merchantId,
            reason: String(reason.prefix(256)))
        let response = try await answered(.cancelQR, body: body, operation: "cancel:\(reference):\(UUID().uuidString)")
        let answer = try client.decode(CancelResponse.self, from: response, service: .cancelQR)
        guard answer.responseCode.isSuccess else {
            throw AcquirerError(
                .acquirerRefused,
                "the acquirer refused to cancel \(reference): \(answer.responseCode) \(answer.responseMessage)")
        }
        return answer
    }

    /// Refunds (part of) a payment at the acquirer (SNAP refund, service 78). `partnerRefundNo` names
    /// the refund: the acquirer answers a repeat with the same number and amount with its first
    /// refund, so a retried request never refunds twice.
    /// - Parameters:
    ///   - reference: the invoice's bill number (`originalPartnerReferenceNo`).
    ///   - rrn: the payment's RRN, naming which payment when the bill number was paid twice.
    /// - Throws: ``AcquirerError`` `acquirer.unavailable` (no answer, 5xx, 429) or `acquirer.refused`
    ///   (a definite refusal, with the acquirer's code and message).
    public func refund(
        reference: String, rrn: String?, partnerRefundNo: String, amount: Rupiah, reason: String
    ) async throws(AcquirerError) -> RefundResponse {
        let body = RefundRequest(
            merchantId: client.profile.merchantId, originalPartnerReferenceNo: reference,
            partnerRefundNo: partnerRefundNo, refundAmount: SNAPAmount(amount), reason: String(reason.prefix(256)),
            additionalInfo: rrn.map { RefundAdditionalInfo(retrievalReferenceNo: $0) })
        let response = try await answered(
            .refundQR, body: body, operation: "refund:\(partnerRefundNo):\(UUID().uuidString)")
        let answer: RefundResponse
        do throws(AcquirerError) {
            answer = try client.decode(RefundResponse.self, from: response, service: .refundQR)
        } catch {
            throw refusal(.refundQR, .success(response))
        }
        guard answer.responseCode.isSuccess, let refundNo = answer.refundNo, !refundNo.isEmpty else {
            throw AcquirerError(
                .acquirerRefused,
                "the acquirer refused the refund of \(reference): \(answer.responseCode) "
                    + "\(answer.responseMessage)")
        }
        return answer
    }

    /// One call whose answer came back: no answer, a 5xx or a 429 is `acquirer.unavailable`.
    /// - Parameters:
    ///   - named: the call in the 5xx/429 message (`the acquirer answered <named> with HTTP 503`);
    ///     the service's name by default.
    ///   - unanswered: the no-answer message before the cause; `the acquirer did not answer <named>`
    ///     by default.
    private func answered(
        _ service: SNAPService, body: some Encodable, operation: String, named: String? = nil,
        unanswered: String? = nil
    ) async throws(AcquirerError) -> SNAPHTTPResponse {
        let name = named ?? service.name
        let (_, result) = try await call(service, body: body, operation: operation)
        let response: SNAPHTTPResponse
        do throws(AcquirerError) {
            response = try result.get()
        } catch {
            throw AcquirerError(
                .acquirerUnavailable, "\(unanswered ?? "the acquirer did not answer \(name)"): \(error.message)",
                cause: error)
        }
        if response.status >= 500 || response.status == 429 {
            throw AcquirerError(.acquirerUnavailable, "the acquirer answered \(name) with HTTP \(response.status)")
        }
        return response
    }

    /// Queries after a generate whose fate is unknown.
    private func recover(
        reference: String, generateExternalID: String
    ) async throws(AcquirerError) -> GenerateRetryRule.AfterQuery {
        let query = QueryRequest(
            originalPartnerReferenceNo: reference, originalExternalId: generateExternalID,
            merchantId: client.profile.merchantId)
        let (_, result) = try await call(.queryQR, body: query, operation: "query:\(reference):\(generateExternalID)")
        let status = (try? result.get()).flatMap {
            try? SNAPCoding.decode(QueryResponse.self, from: $0.body, what: "query response").latestTransactionStatus
        }
        return GenerateRetryRule.afterQuery(AcquirerHTTPClient.outcome(of: result), status: status)
    }

    /// One signed call: a persisted X-EXTERNAL-ID, a token, the exchange.
    private func call(
        _ service: SNAPService, body: some Encodable, operation: String
    ) async throws(AcquirerError) -> (externalID: String, result: Result<SNAPHTTPResponse, AcquirerError>) {
        let accessToken = try await accessToken()
        let externalID = try await externalIDs.externalID(for: operation, at: now())
        let request = try client.serviceRequest(
            service, body: body, accessToken: accessToken, externalID: externalID, at: now())
        do throws(AcquirerError) {
            return (externalID, .success(try await http.send(request, baseURL: baseURL)))
        } catch {
            return (externalID, .failure(error))
        }
    }

    /// A cached access token, or a new one.
    private func accessToken() async throws(AcquirerError) -> String {
        if let token, token.expiresAt > now() { return token.value }
        let request = try client.accessTokenRequest(at: now())
        let response: SNAPHTTPResponse
        do throws(AcquirerError) {
            response = try await http.send(request, baseURL: baseURL)
        } catch {
            throw AcquirerError(.acquirerUnavailable, "cannot get an access token: \(error.message)", cause: error)
        }
        if response.status >= 500 {
            throw AcquirerError(
                .acquirerUnavailable, "the acquirer answered the token call with HTTP \(response.status)")
        }
        let answer = try client.decode(AccessTokenResponse.self, from: response, service: .accessToken)
        guard answer.responseCode.isSuccess, let value = answer.accessToken, !value.isEmpty else {
            throw AcquirerError(
                .acquirerRefused,
                "the acquirer refused the token call: \(answer.responseCode) \(answer.responseMessage)")
        }
        let lifetime = answer.expiresIn.flatMap(Int.init) ?? 900
        // Renew a minute early so a token never expires in flight.
        token = (value, now().addingTimeInterval(TimeInterval(max(0, lifetime - 60))))
        return value
    }

    private func refusal(_ service: SNAPService, _ result: Result<SNAPHTTPResponse, AcquirerError>) -> AcquirerError {
        switch result {
        case .failure(let error):
            return AcquirerError(.acquirerUnavailable, error.message, cause: error)
        case .success(let response):
            let answer = try? SNAPCoding.decode(SNAPResult.self, from: response.body, what: "answer")
            let detail = answer.map { "\($0.responseCode) \($0.responseMessage)" } ?? "HTTP \(response.status)"
            return AcquirerError(.acquirerRefused, "the acquirer refused \(service.name): \(detail)")
        }
    }
}

extension AcquirerError.Code {
    /// The acquirer could not be reached or did not settle a call; nothing was issued.
    public static let acquirerUnavailable = Self("acquirer.unavailable")
    /// The acquirer refused a call for good.
    public static let acquirerRefused = Self("acquirer.refused")
    /// A generated QR was cancelled after its answer was lost; issue under a new reference.
    public static let generateAbandoned = Self("generate.abandoned")
}
