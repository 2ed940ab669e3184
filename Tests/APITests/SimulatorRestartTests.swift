import Foundation
import Ledger
import Logging
import QRIS
import Testing

@testable import Acquirer
@testable import AcquirerSimulator

@Suite("The simulator's pending notifies and seen X-EXTERNAL-IDs survive a restart")
struct SimulatorRestartTests {
    @Test("a notify still pending when the simulator stops is delivered by the next simulator on the same data")
    func pendingNotifyResumes() async throws {
        let fixture = try await APIFixture.make()
        var settings = AcquirerLoop.simulatorSettings(fixture)
        // Nobody listens on port 1, and the next retry is an hour away: the notify stays pending.
        settings.retryPolicy = NotifyRetryPolicy(maximumAttempts: 5, firstDelayMilliseconds: 3_600_000)
        let clock = fixture.clock
        let first = try await SimulatorServer(settings: settings, logger: AcquirerLoop.logger, now: { clock.now })
        let city = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city
        let qris = try QRISPayload.makeDynamic(
            fromStatic: city.merchant.staticQRIS, amount: 3_000, billNumber: "AMBRESTART0001", terminalLabel: "X")
        let body = Array(SNAPCoding.encode(SimulatedPayRequest(qris: qris, issuer: "OVO")))
        let (response, paid) = await first.simulator.handlePay(body: body, now: clock.now)
        #expect(response.status == 200)
        let payment = try #require(paid)
        try await first.persist()
        await first.notifier.send([payment])
        #expect(await first.notifier.pending().map(\.referenceNo) == [payment.referenceNo])
        let saved = try SimulatorState.read(from: first.statePath)
        #expect(saved.pendingNotifies?.map(\.referenceNo) == [payment.referenceNo])

        // The next simulator on the same data directory starts the delivery again.
        let second = try await SimulatorServer(settings: settings, logger: AcquirerLoop.logger, now: { clock.now })
        let resumed = await second.notifier.deliveries()
        #expect(resumed.map(\.referenceNo) == [payment.referenceNo])
        #expect(resumed.first?.state == "pending")
    }

    @Test("an X-EXTERNAL-ID used today is still used after the state file is read back; tomorrow it is new")
    func externalIDsSurvive() throws {
        var registry = ExternalIDRegistry()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let first = registry.register(partnerID: "P", externalID: "E1", at: now)
        #expect(first)
        var restored = ExternalIDRegistry(days: registry.days)
        let again = restored.register(partnerID: "P", externalID: "E1", at: now)
        #expect(!again)
        let tomorrow = restored.register(partnerID: "P", externalID: "E1", at: now.addingTimeInterval(86_400))
        #expect(tomorrow)
    }
}
