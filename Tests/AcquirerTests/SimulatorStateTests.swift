import AcquirerSimulator
import Foundation
import Ledger
import Testing

@testable import Acquirer

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
