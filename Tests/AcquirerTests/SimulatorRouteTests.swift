import AcquirerSimulator
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
