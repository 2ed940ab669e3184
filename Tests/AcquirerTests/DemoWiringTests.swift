import AcquirerSimulator
import Foundation
import Ledger
import QRIS
import Testing

@testable import Acquirer

@Suite("The shipped demo wiring: simulator profile, demo keys, local mode")
struct DemoWiringTests {
    @Test("a local-mode QR of the demo city is paid by bill number and its notify verifies with the demo keys")
    func demo() async throws {
        let profile = try AcquirerProfile.load(path: Fixtures.repositoryRoot + "/Config/acquirers/simulator.json")
        #expect(profile.issuingMode == .local)
        let credentials = try profile.loadCredentials(environment: [:])
        let simulator = AcquirerSimulator(profile: profile, credentials: credentials, seed: 1)
        let merchant = try #require(profile.simulator?.merchants.first)
        // The demo city's own static QRIS, made dynamic by the QRIS module as `local` mode issues it.
        let city = try CityConfiguration.load(from: URL(fileURLWithPath: Fixtures.repositoryRoot + "/Config")).city
        #expect(merchant.nmid == city.merchant.nmid)
        let qr = try QRISPayload.makeDynamic(
            fromStatic: city.merchant.staticQRIS, amount: 2_000, billNumber: "AMB0000001", terminalLabel: "HH-01")
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
