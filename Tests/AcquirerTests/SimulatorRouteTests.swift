import Foundation
import Ledger
import Testing

@testable import Acquirer

@Suite("Simulator routes for the HTTP adapter: /sim/pay and /sim/settlement")
struct SimulatorRouteTests {
    func simulator() throws -> AcquirerSimulator {
        let profile = try Fixtures.profile()
        return AcquirerSimulator(profile: profile, credentials: try Fixtures.credentials(profile), seed: 5)
    }

    @Test("pay by bill number, then the settlement of the next day lists it")
    func payAndSettle() async throws {
        let simulator = try simulator()
        let payload = LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR55", amount: 3_000)
        let body = SNAPCoding.encode(SimulatedPayRequest(qris: payload, issuer: "LinkAja"))
        let (response, payment) = await simulator.handlePay(body: body, now: Instants.morning)
        #expect(response.status == 200)
        let answer = try SNAPCoding.decode(SimulatedPayResponse.self, from: response.body, what: "t")
        #expect(answer.billNumber == "PKR55" && answer.issuer == "LinkAja" && answer.amount == 3_000)
        #expect(answer.rrn == payment?.rrn)
        #expect(answer.paidAt == "2026-11-23T10:15:30+07:00")
        let csv = await simulator.handleSettlement(
            date: "2026-11-24", format: nil, mdr: try Fixtures.mdr(), now: Instants.morning)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(csv.text.contains(",PKR55,"))
        let camt = await simulator.handleSettlement(
            date: "2026-11-24", format: "camt053", mdr: try Fixtures.mdr(), now: Instants.morning)
        #expect(camt.text.contains("<EndToEndId>PKR55</EndToEndId>"))
    }

    @Test(
        "bad requests name what is wrong and pay nothing",
        arguments: [
            ("{\"issuer\":\"OVO\"}", 400, "message.missingField"),
            ("not json", 400, "json.malformed"),
            ("{\"qris\":\"000201\"}", 400, "qris.malformed"),
        ])
    func badPay(body: String, status: Int, code: String) async throws {
        let simulator = try simulator()
        let (response, payment) = await simulator.handlePay(body: body.bytes, now: Instants.morning)
        #expect(response.status == status)
        #expect(response.text.contains("\"code\":\"\(code)\""), "\(response.text)")
        #expect(payment == nil)
        #expect(await simulator.allTransactions().isEmpty)
    }

    @Test("an e-wallet refusal is 422")
    func refusal() async throws {
        let simulator = try simulator()
        let body = SNAPCoding.encode(
            SimulatedPayRequest(qris: LocalQR.payload(nmid: "IDOTHER00000001", bill: "X", amount: 1)))
        let (response, _) = await simulator.handlePay(body: body, now: Instants.morning)
        #expect(response.status == 422)
        #expect(response.text.contains("sim.unknownMerchant"))
    }

    @Test(
        "settlement parameters are checked",
        arguments: [
            (String?.none, String?.none, "date"), ("2026-02-30", nil, "date"), ("2026-11-24", "xlsx", "format"),
        ])
    func badSettlement(date: String?, format: String?, field: String) async throws {
        let response = try await simulator().handleSettlement(
            date: date, format: format, mdr: try Fixtures.mdr(), now: Instants.morning)
        #expect(response.status == 400)
        #expect(response.text.contains("\"field\":\"\(field)\""), "\(response.text)")
    }
}

@Suite("Simulator state survives a restart through a real file")
struct SimulatorStateTests {
    @Test("write, read back into a new simulator, carry on")
    func roundTrip() async throws {
        let pair = try SNAPPair()
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let generated = try pair.client.decode(
            GenerateQRResponse.self, from: try await pair.generate("PKR77", amount: 8_000, token: token, at: now),
            service: .generateQR)
        let payment = try await pair.simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR78", amount: 1_000), now: now)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("simulator.json").path
        try await pair.simulator.state().write(to: path)

        let profile = pair.client.profile
        let restarted = AcquirerSimulator(profile: profile, credentials: pair.client.credentials, seed: 42)
        await restarted.restore(try SimulatorState.read(from: path))
        #expect(await restarted.transaction(partnerReference: "PKR78")?.payment?.rrn == payment.rrn)
        // The generated QR is still payable, the old token still valid, and references keep counting.
        let paid = try await restarted.pay(qris: try #require(generated.qrContent), now: now.addingTimeInterval(60))
        #expect(paid.billNumber == "PKR77")
        #expect(paid.referenceNo == generated.referenceNo)
        let query = try pair.client.serviceRequest(
            .queryQR, body: QueryRequest(originalPartnerReferenceNo: "PKR77"), accessToken: token, externalID: "88",
            at: now.addingTimeInterval(70))
        #expect(try await restarted.handle(query, now: now.addingTimeInterval(70)).code() == "2005100")

        try "{\"version\": 1, \"transactions\": 3}".write(toFile: path, atomically: true, encoding: .utf8)
        expectError(.simulatorStateDamaged) { _ = try SimulatorState.read(from: path) }
    }
}

@Suite("The shipped demo wiring: simulator profile, demo keys, local mode")
struct DemoWiringTests {
    @Test("a local-mode QR of the demo city is paid by bill number and its notify verifies with the demo keys")
    func demo() async throws {
        let profile = try AcquirerProfile.load(path: Fixtures.repositoryRoot + "/Config/acquirers/simulator.json")
        #expect(profile.issuingMode == .local)
        let credentials = try profile.loadCredentials(environment: [:])
        let simulator = AcquirerSimulator(profile: profile, credentials: credentials, seed: 1)
        let merchant = try #require(profile.simulator?.merchants.first)
        let qr = LocalQR.payload(nmid: merchant.nmid, bill: "AMB0000001", amount: 2_000, name: merchant.name)
        let payment = try await simulator.pay(qris: qr, now: Instants.morning)
        #expect(payment.billNumber == "AMB0000001")
        let notify = try await simulator.notifyRequest(referenceNo: payment.referenceNo, now: Instants.morning)
        #expect(notify.path == "/v1.0/qr/qr-mpm-notify")
        // Lunas holds only the acquirer's public key for the notify.
        var lunasSide = AcquirerCredentials(partnerID: credentials.partnerID, clientID: credentials.clientID)
        lunasSide.acquirerPublicKey = credentials.acquirerPublicKey
        let processor = NotifyProcessor(profile: profile, credentials: lunasSide)
        let invoices = InvoiceTable(invoices: [
            "AMB0000001": NotifyInvoiceState(
                reference: "AMB0000001", amount: Rupiah(2_000), expiresAt: Instants.morning.addingTimeInterval(3600))
        ])
        let outcome = await processor.process(notify, now: Instants.morning.addingTimeInterval(1), invoices: invoices)
        guard case .paid(let paid) = outcome.decision else {
            Issue.record("expected paid, got \(outcome.decision)")
            return
        }
        #expect(paid.rrn == payment.rrn)
        #expect(!outcome.confirmWithQuery)
    }
}
