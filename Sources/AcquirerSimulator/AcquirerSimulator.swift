import Reconciliation
import Acquirer
import Foundation
import Ledger

/// A SNAP QRIS MPM acquirer, without the HTTP: token, generate, query, cancel, refund, with the same
/// signatures as a real one, its own books, a payer, notify signing with faults, and settlement files.
///
/// The HTTP adapter (`lunas acquirer-sim`) passes each request to ``handle(_:now:)`` and writes the
/// response back; `POST /sim/pay` calls ``pay(qris:issuer:amount:now:)`` and then delivers the
/// notify from ``notifyRequest(referenceNo:path:now:)`` on the plan from ``planNotifies(references:)``;
/// `GET /sim/settlement` serves ``settlement(for:mdr:)`` (by payment day through
/// ``settlementDate(forPaymentOn:)``). Time is always passed in, so tests never sleep.
public actor AcquirerSimulator {
    /// The acquirer profile.
    public let profile: AcquirerProfile
    let credentials: AcquirerCredentials
    let merchants: [SimulatedMerchant]
    /// Faults to inject; change them at any time.
    public var faults: SimulatorFaults
    var random: SplitMix64
    let seed: UInt64
    var tokens: [String: Date] = [:]
    var externalIDs = ExternalIDRegistry()
    var transactions: [String: SimulatedTransaction] = [:]
    /// Generated transactions by partnerReferenceNo.
    var generatedByPartnerReference: [String: String] = [:]
    /// Transaction references in the order they were created.
    var order: [String] = []
    var usedRRNs: Set<String> = []
    var sequence = 0
    var notifySequence = 0
    var planSequence: UInt64 = 0
    /// When set, query answers report `feeAmount` (the MDR) for paid transactions.
    var mdrSchedule: MDRSchedule?
    /// The working days settlement counts (weekends only until ``setSettlementCalendar(_:settlementDays:)``).
    var holidays = HolidayCalendar()
    /// N in T+N working days (the settlement profile's `settlementDays`; 1 until set).
    var settlementDays = 1

    /// Creates a simulator for a profile.
    /// - Parameters:
    ///   - credentials: must hold the partner's public key (token calls), the client secret (HMAC) and,
    ///     for RSA notify schemes, the acquirer's private key.
    ///   - seed: makes RRNs, tokens and fault plans repeat exactly.
    public init(
        profile: AcquirerProfile, credentials: AcquirerCredentials, seed: UInt64 = 1, faults: SimulatorFaults = .none
    ) {
        self.profile = profile
        self.credentials = credentials
        self.merchants = profile.simulator?.merchants ?? []
        self.faults = faults
        self.seed = seed
        self.random = SplitMix64(seed: seed)
    }

    /// Sets the MDR schedule used for `feeAmount` in query answers.
    public func setMDRSchedule(_ schedule: MDRSchedule?) { mdrSchedule = schedule }

    /// Sets how payments fall due: T+`settlementDays` working days of `calendar` (Jakarta days), as the
    /// close rule of Lunas counts them (``HolidayCalendar/addingWorkingDays(_:to:)``).
    public func setSettlementCalendar(_ calendar: HolidayCalendar, settlementDays: Int) {
        holidays = calendar
        self.settlementDays = max(0, settlementDays)
    }

    /// Replaces the fault settings.
    public func setFaults(_ faults: SimulatorFaults) { self.faults = faults }

    /// A transaction by the simulator's `referenceNo`.
    public func transaction(referenceNo: String) -> SimulatedTransaction? { transactions[referenceNo] }

    /// The generated transaction for a partner reference, or the latest payment of that bill number.
    public func transaction(partnerReference: String) -> SimulatedTransaction? {
        if let reference = generatedByPartnerReference[partnerReference] { return transactions[reference] }
        return order.reversed().lazy.compactMap { self.transactions[$0] }.first {
            $0.partnerReferenceNo == partnerReference
        }
    }

    /// Every transaction, oldest first.
    public func allTransactions() -> [SimulatedTransaction] { order.compactMap { transactions[$0] } }

    /// Answers one SNAP request (the five services under the profile's prefix).
    public func handle(_ request: SNAPHTTPRequest, now: Date) -> SNAPHTTPResponse {
        guard request.method.uppercased() == "POST",
            let service = SNAPService.all.first(where: { profile.path(of: $0) == request.path }), service != .notify
        else {
            return SNAPHTTPResponse(
                SNAPResult(SNAPService(code: "00", path: request.path, name: "unknown"), .invalidRouting))
        }
        if service == .accessToken { return issueToken(request, now: now) }
        let headers: ServiceCallHeaders
        do throws(AcquirerError) {
            if request.headers[SNAPHeaderName.authorization] == nil {
                return SNAPHTTPResponse(SNAPResult(service, .tokenNotFound))
            }
            headers = try ServiceCallHeaders(
                validating: request.headers, partnerIDMaxLength: profile.partnerIDMaxLength ?? 36)
        } catch {
            return failure(service, error)
        }
        guard headers.partnerID == credentials.partnerID else {
            return SNAPHTTPResponse(SNAPResult(service, .partnerNotFound))
        }
        guard let expiry = tokens[headers.accessToken], expiry > now else {
            return SNAPHTTPResponse(SNAPResult(service, .invalidToken))
        }
        do throws(AcquirerError) {
            let verifier = SignatureVerifier(
                zone: profile.timestampZone, maximumSkewSeconds: profile.clockSkewSeconds,
                pathPrefix: profile.pathPrefix)
            try verifier.verifyServiceCall(
                request, headers: headers, secret: try credentials.requireClientSecret(), now: now)
        } catch {
            return failure(service, error)
        }
        guard externalIDs.register(partnerID: headers.partnerID, externalID: headers.externalID, at: now) else {
            return SNAPHTTPResponse(SNAPResult(service, .conflict, message: "Conflict. X-EXTERNAL-ID used today"))
        }
        do throws(AcquirerError) {
            switch service {
            case .generateQR:
                return try generate(
                    SNAPCoding.decode(GenerateQRRequest.self, from: request.body, what: "generate request"),
                    externalID: headers.externalID, now: now)
            case .queryQR:
                return try query(
                    SNAPCoding.decode(QueryRequest.self, from: request.body, what: "query request"), now: now)
            case .cancelQR:
                return try cancel(
                    SNAPCoding.decode(CancelRequest.self, from: request.body, what: "cancel request"), now: now)
            default:
                return try refund(
                    SNAPCoding.decode(RefundRequest.self, from: request.body, what: "refund request"), now: now)
            }
        } catch {
            return failure(service, error)
        }
    }

    private func issueToken(_ request: SNAPHTTPRequest, now: Date) -> SNAPHTTPResponse {
        do throws(AcquirerError) {
            let headers = try TokenCallHeaders(validating: request.headers)
            guard headers.clientKey == credentials.clientID else {
                return SNAPHTTPResponse(
                    SNAPResult(.accessToken, .unauthorized, message: "Unauthorized. Unknown client"))
            }
            let verifier = SignatureVerifier(
                zone: profile.effectiveTokenTimestampZone, maximumSkewSeconds: profile.clockSkewSeconds,
                pathPrefix: profile.pathPrefix)
            try verifier.verifyTokenCall(headers, publicKey: try credentials.requirePartnerPublicKey(), now: now)
            let body = try SNAPCoding.decode(AccessTokenRequest.self, from: request.body, what: "access token request")
            guard body.grantType == "client_credentials" else {
                throw AcquirerError(.invalidField, "grantType must be client_credentials", field: "grantType")
            }
        } catch {
            return failure(.accessToken, error)
        }
        let lifetime = profile.tokenLifetimeSeconds ?? 900
        let token = (0..<4).map { _ in String(random.next(), radix: 36) }.joined()
        tokens = tokens.filter { $0.value > now }
        tokens[token] = now.addingTimeInterval(TimeInterval(lifetime))
        return SNAPHTTPResponse(
            status: 200,
            message: AccessTokenResponse(
                responseCode: SNAPResponseCode(.accessToken, .successful), responseMessage: "Successful",
                accessToken: token, tokenType: "Bearer", expiresIn: String(lifetime)))
    }

    /// Maps an error to the SNAP answer: field errors 400, signature and timestamp errors 401.
    func failure(_ service: SNAPService, _ error: AcquirerError) -> SNAPHTTPResponse {
        let snapCase: SNAPCase
        switch error.code {
        case .missingField, .missingHeader: snapCase = .invalidMandatoryField
        case .invalidField, .invalidHeader, .invalidAmount, .fractionalRupiah, .malformedJSON, .invalidTimestamp:
            snapCase = .invalidFieldFormat
        case .credentialMissing: snapCase = .internalServerError
        default: snapCase = .unauthorized
        }
        let detail = error.field.map { " [\($0)]" } ?? ""
        let message = snapCase == .unauthorized ? "Unauthorized. \(error.code)" : "\(snapCase.message)\(detail)"
        return SNAPHTTPResponse(SNAPResult(service, snapCase, message: String(message.prefix(150))))
    }

    /// A new simulator reference: `SIM` + Jakarta date + 6-digit sequence.
    func nextReference(now: Date) -> String {
        sequence += 1
        return "SIM" + CivilDate(containing: now, offset: .jakarta).compact + CivilDate.pad(sequence, 6)
    }

    /// A new unique 12-digit RRN.
    func nextRRN() -> String {
        while true {
            let rrn = random.digits(12)
            if usedRRNs.insert(rrn).inserted { return rrn }
        }
    }
}
