import AcquirerSimulator
import Foundation
import Ledger
import Testing

@testable import Acquirer

/// A client and a simulator on the same test profile, talking through transport-free requests.
struct SNAPPair {
    let client: SNAPClient
    let simulator: AcquirerSimulator
    let store: FileExternalIDStore

    init(faults: SimulatorFaults = .none, scheme: NotifySignatureScheme = .rsaBody) throws {
        let profile = try Fixtures.profile(scheme: scheme)
        let credentials = try Fixtures.credentials(profile)
        client = SNAPClient(profile: profile, credentials: credentials)
        simulator = AcquirerSimulator(profile: profile, credentials: credentials, seed: 42, faults: faults)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-pair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try FileExternalIDStore(path: directory.appendingPathComponent("ids.jsonl").path)
    }

    func token(at now: Date) async throws -> String {
        let response = await simulator.handle(try client.accessTokenRequest(at: now), now: now)
        let decoded = try client.decode(AccessTokenResponse.self, from: response, service: .accessToken)
        #expect(decoded.responseCode.description == "2007300")
        #expect(decoded.tokenType == "Bearer")
        #expect(decoded.expiresIn == "900")
        return try #require(decoded.accessToken)
    }

    func call(
        _ service: SNAPService, _ body: some Encodable, token: String, operation: String, at now: Date
    ) async throws
        -> SNAPHTTPResponse
    {
        let externalID = try await store.externalID(for: operation, at: now)
        let request = try client.serviceRequest(
            service, body: body, accessToken: token, externalID: externalID, at: now)
        return await simulator.handle(request, now: now)
    }

    func generate(_ reference: String, amount: Int64, token: String, at now: Date) async throws -> SNAPHTTPResponse {
        let body = try client.generateBody(
            reference: reference, amount: Rupiah(amount), terminalID: "JKR01", expiresAt: now.addingTimeInterval(1800),
            callbackURL: nil, now: now)
        return try await call(.generateQR, body, token: token, operation: "generate:\(reference)", at: now)
    }
}

@Suite("Client and simulator round trips")
struct SimulatorTests {
    @Test("token, generate, verify the QR, pay, query, notify: the whole happy path")
    func happyPath() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let response = try await pair.generate("PKR000001", amount: 5_000, token: token, at: now)
        let generated = try pair.client.decode(GenerateQRResponse.self, from: response, service: .generateQR)
        #expect(generated.responseCode.description == "2004700")
        let qr = try GeneratedQR(
            verifying: generated, reference: "PKR000001", amount: Rupiah(5_000),
            merchantIdentifiers: ["IDTEST000000001"])
        #expect(qr.expiresAt == now.addingTimeInterval(1800))

        let payment = try await pair.simulator.pay(qris: qr.qrContent, issuer: "OVO", now: now.addingTimeInterval(60))
        #expect(payment.rrn.count == 12 && payment.rrn.allSatisfy(\.isNumber))
        #expect(payment.billNumber == "PKR000001")

        let queried = try await pair.call(
            .queryQR, QueryRequest(originalPartnerReferenceNo: "PKR000001", originalReferenceNo: qr.referenceNo),
            token: token, operation: "query:PKR000001", at: now.addingTimeInterval(90))
        let status = try pair.client.decode(QueryResponse.self, from: queried, service: .queryQR)
        #expect(status.latestTransactionStatus == .success)
        #expect(status.additionalInfo?.retrievalReferenceNo == payment.rrn)
        #expect(status.amount?.rupiah == Rupiah(5_000))
        #expect(status.feeAmount == nil)  // no MDR schedule given to the simulator yet
        await pair.simulator.setMDRSchedule(try Fixtures.mdr())
        let withFee = try await pair.call(
            .queryQR, QueryRequest(originalPartnerReferenceNo: "PKR000001"), token: token,
            operation: "query:PKR000001:fee",
            at: now.addingTimeInterval(95))
        // REGULAR, MCC 7523, 2026: 0.45% of 5,000 = 22.5 → 23.
        #expect(
            try pair.client.decode(QueryResponse.self, from: withFee, service: .queryQR).feeAmount?.rupiah == Rupiah(23)
        )

        // The notify the simulator signs is accepted by Lunas's processor.
        let notify = try await pair.simulator.notifyRequest(
            referenceNo: payment.referenceNo, now: now.addingTimeInterval(61))
        let processor = NotifyProcessor(profile: pair.client.profile, credentials: pair.client.credentials)
        let invoices = InvoiceTable(invoices: [
            "PKR000001": NotifyInvoiceState(
                reference: "PKR000001", amount: Rupiah(5_000), expiresAt: now.addingTimeInterval(1800))
        ])
        let outcome = await processor.process(notify, now: now.addingTimeInterval(62), invoices: invoices)
        guard case .paid(let paid) = outcome.decision else {
            Issue.record("expected paid, got \(outcome.decision)")
            return
        }
        #expect(paid.rrn == payment.rrn)
        #expect(paid.issuer == "OVO")
        #expect(!paid.late)
        #expect(outcome.response.text == "{\"responseCode\":\"2005200\",\"responseMessage\":\"Successful\"}")
        #expect(outcome.confirmWithQuery)
    }

    @Test("a replayed X-EXTERNAL-ID the same day answers 409xx00 and changes nothing")
    func replayedExternalID() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let body = try pair.client.generateBody(
            reference: "PKR2", amount: Rupiah(2_000), terminalID: nil, expiresAt: nil, callbackURL: nil, now: now)
        let first = try pair.client.serviceRequest(
            .generateQR, body: body, accessToken: token, externalID: "777", at: now)
        #expect(try await pair.simulator.handle(first, now: now).code() == "2004700")
        let other = try pair.client.generateBody(
            reference: "PKR3", amount: Rupiah(2_000), terminalID: nil, expiresAt: nil, callbackURL: nil, now: now)
        let replay = try pair.client.serviceRequest(
            .generateQR, body: other, accessToken: token, externalID: "777", at: now.addingTimeInterval(5))
        let response = await pair.simulator.handle(replay, now: now.addingTimeInterval(5))
        #expect(response.status == 409)
        #expect(try response.code() == "4094700")
        #expect(await pair.simulator.transaction(partnerReference: "PKR3") == nil)
        // The next Jakarta day the same id is new again.
        let tomorrow = Instants.at("2026-11-24T08:00:00+07:00")
        let freshToken = try await pair.token(at: tomorrow)
        let nextDay = try pair.client.serviceRequest(
            .generateQR, body: other, accessToken: freshToken, externalID: "777", at: tomorrow)
        #expect(try await pair.simulator.handle(nextDay, now: tomorrow).code() == "2004700")
    }

    @Test("a duplicate partnerReferenceNo answers 409xx01")
    func duplicateReference() async throws {
        let pair = try SNAPPair()
        let token = try await pair.token(at: Instants.morning)
        _ = try await pair.generate("PKR9", amount: 1_000, token: token, at: Instants.morning)
        let body = try pair.client.generateBody(
            reference: "PKR9", amount: Rupiah(1_000), terminalID: nil, expiresAt: nil, callbackURL: nil,
            now: Instants.morning)
        let again = try await pair.call(
            .generateQR, body, token: token, operation: "generate:PKR9:second", at: Instants.morning)
        #expect(try again.code() == "4094701")
        for amount in [Int64(0), 10_000_000_000_000] {
            expectError(.invalidAmount) {
                _ = try pair.client.generateBody(
                    reference: "PKR10", amount: Rupiah(amount), terminalID: nil, expiresAt: nil, callbackURL: nil,
                    now: Instants.morning)
            }
        }
    }

    @Test("partial refunds up to the paid amount; more than paid answers 4047813")
    func refunds() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let generated = try pair.client.decode(
            GenerateQRResponse.self, from: try await pair.generate("PKR4", amount: 10_000, token: token, at: now),
            service: .generateQR)
        _ = try await pair.simulator.pay(qris: try #require(generated.qrContent), now: now)
        // Each call is a new operation (a new X-EXTERNAL-ID): re-sending one id the same day is a 409xx00.
        func refund(_ number: String, _ amount: Int64, attempt: Int = 1) async throws -> SNAPHTTPResponse {
            try await pair.call(
                .refundQR,
                RefundRequest(
                    merchantId: "TESTMERCHANT01", originalPartnerReferenceNo: "PKR4", partnerRefundNo: number,
                    refundAmount: SNAPAmount(Rupiah(amount))),
                token: token, operation: "refund:\(number):\(amount):\(attempt)", at: now.addingTimeInterval(600))
        }
        let tooMuch = try await refund("RF1", 10_001)
        #expect(tooMuch.status == 404)
        #expect(try tooMuch.code() == "4047813")
        let partial = try pair.client.decode(
            RefundResponse.self, from: try await refund("RF2", 4_000), service: .refundQR)
        #expect(partial.refundAmount?.rupiah == Rupiah(4_000))
        #expect(try await refund("RF3", 6_001).code() == "4047813")
        #expect(try await refund("RF3", 6_000).code() == "2007800")
        #expect(try await refund("RF4", 1).code() == "4047813")
        // same refund number and amount: idempotent
        #expect(try await refund("RF2", 4_000, attempt: 2).code() == "2007800")
        #expect(try await refund("RF2", 4_000).code() == "4097800")  // the very same X-EXTERNAL-ID again: conflict
        #expect(try await refund("RF2", 3_000).code() == "4097800")
        let transaction = try #require(await pair.simulator.transaction(partnerReference: "PKR4"))
        #expect(transaction.refundedAmount == Rupiah(10_000))
        #expect(transaction.status == .refunded)
    }

    @Test("cancel: an unpaid QR can be cancelled and then not paid; a paid one cannot be cancelled")
    func cancel() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let first = try pair.client.decode(
            GenerateQRResponse.self, from: try await pair.generate("PKR5", amount: 3_000, token: token, at: now),
            service: .generateQR)
        let cancelled = try await pair.call(
            .cancelQR, CancelRequest(originalPartnerReferenceNo: "PKR5", reason: "driver left"), token: token,
            operation: "cancel:PKR5", at: now)
        #expect(
            try pair.client.decode(CancelResponse.self, from: cancelled, service: .cancelQR).responseCode.description
                == "2007700")
        await #expect(throws: AcquirerError.self) { _ = try await pair.simulator.pay(qris: first.qrContent!, now: now) }
        let second = try pair.client.decode(
            GenerateQRResponse.self, from: try await pair.generate("PKR6", amount: 3_000, token: token, at: now),
            service: .generateQR)
        _ = try await pair.simulator.pay(qris: second.qrContent!, now: now)
        let refused = try await pair.call(
            .cancelQR, CancelRequest(originalPartnerReferenceNo: "PKR6"), token: token, operation: "cancel:PKR6",
            at: now)
        #expect(try refused.code() == "4057701")
        let unknown = try await pair.call(
            .cancelQR, CancelRequest(originalPartnerReferenceNo: "NOPE"), token: token, operation: "cancel:NOPE",
            at: now)
        #expect(try unknown.code() == "4047701")
    }

    @Test("the simulator answers each client mistake 401 with the mistake named")
    func clientMistakes() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let body = SNAPCoding.encode(QueryRequest(originalPartnerReferenceNo: "X"))
        let secret = try pair.client.credentials.requireClientSecret()
        let path = "/snap-adapter/b2b/v1.0/qr/qr-mpm-query"
        func send(
            signedPath: String = path, signedToken: String? = nil, sentBody: [UInt8]? = nil, hashBody: [UInt8]? = nil,
            stamp: String = "2026-11-23T10:15:30+07:00", id: String
        ) async -> SNAPHTTPResponse {
            let digest = SNAPSignature.hexSHA256(try! JSONMinifier.minify(hashBody ?? body))
            let rawDigest = hashBody.map { SNAPSignature.hexSHA256($0) } ?? digest
            let signature = SNAPSignature.hmacSHA512(
                secret: secret, message: "POST:\(signedPath):\(signedToken ?? token):\(rawDigest):\(stamp)")
            let headers: HeaderFields = [
                "Authorization": "Bearer \(token)", "X-TIMESTAMP": stamp, "X-SIGNATURE": signature,
                "X-PARTNER-ID": "LUNASTEST", "X-EXTERNAL-ID": id, "CHANNEL-ID": "95221",
            ]
            return await pair.simulator.handle(
                SNAPHTTPRequest(path: path, headers: headers, body: sentBody ?? body), now: now)
        }
        let pretty = Array("{\n  \"originalPartnerReferenceNo\" : \"X\",\n  \"serviceCode\" : \"47\"\n}".utf8)
        let cases: [(SNAPHTTPResponse, String)] = [
            (await send(signedToken: "Bearer \(token)", id: "1"), "signature.bearerInToken"),
            (await send(sentBody: pretty, hashBody: pretty, id: "2"), "signature.bodyNotMinified"),
            (await send(signedPath: "/v1.0/qr/qr-mpm-query", id: "3"), "signature.wrongPathPrefix"),
            (await send(stamp: "2026-11-23T03:15:30Z", id: "4"), "timestamp.wrongZone"),
        ]
        for (response, code) in cases {
            #expect(response.status == 401)
            #expect(try response.code() == "4015100")
            #expect(response.text.contains(code), "\(response.text)")
        }
        // A correct call after all that still works: the failed ones did not poison anything.
        #expect(try await send(id: "5").code() == "4045101")
    }

    @Test("token rules: wrong key, unknown client, expired token, missing token")
    func tokens() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        var request = try pair.client.accessTokenRequest(at: now)
        #expect(request.headers["X-TIMESTAMP"] == "2026-11-23T03:15:30Z")  // this profile's token zone is UTC
        var forged = request
        forged.headers.set(
            "X-SIGNATURE",
            try pair.client.credentials.requireAcquirerSigningKey().sign("lunas-test|2026-11-23T03:15:30Z"))
        #expect(try await pair.simulator.handle(forged, now: now).code() == "4017300")
        request.headers.set("X-CLIENT-KEY", "someone-else")
        #expect(try await pair.simulator.handle(request, now: now).code() == "4017300")
        let token = try await pair.token(at: now)
        let query = QueryRequest(originalPartnerReferenceNo: "X")
        let late = now.addingTimeInterval(901)
        let expired = try pair.client.serviceRequest(
            .queryQR, body: query, accessToken: token, externalID: "9", at: late)
        #expect(try await pair.simulator.handle(expired, now: late).code() == "4015101")
        var missing = try pair.client.serviceRequest(
            .queryQR, body: query, accessToken: token, externalID: "10", at: now)
        missing.headers.remove("Authorization")
        #expect(try await pair.simulator.handle(missing, now: now).code() == "4015103")
        var wrongPartner = try pair.client.serviceRequest(
            .queryQR, body: query, accessToken: token, externalID: "11", at: now)
        wrongPartner.headers.set("X-PARTNER-ID", "OTHER")
        #expect(try await pair.simulator.handle(wrongPartner, now: now).code() == "4045116")
        let routed = await pair.simulator.handle(
            SNAPHTTPRequest(path: "/v1.0/qr/qr-mpm-generate", headers: [:], body: []), now: now)
        #expect(routed.status == 404)
    }
}
