import Foundation
import Ledger
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
