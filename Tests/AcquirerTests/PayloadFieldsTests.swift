import Foundation
import Ledger
import LunasTestSupport
import QRIS
import Reconciliation
import Testing

@testable import Acquirer
@testable import AcquirerSimulator

@Suite("QRIS fields the acquirer side reads")
struct PayloadFieldsTests {
    @Test("reads bill number, amount, merchant ids and terminal from a local dynamic QR")
    func local() throws {
        let fields = try PayloadFields(
            payload: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR123", amount: 15_000))
        #expect(fields.billNumber == "PKR123")
        #expect(fields.amount == Rupiah(15_000))
        #expect(fields.merchantIdentifiers == ["000000001", "IDTEST000000001"])
        #expect(fields.terminalLabel == "JKR01")
        #expect(fields.pointOfInitiation == "12")
    }

    @Test("lengths count Unicode scalars, not bytes")
    func unicodeLengths() throws {
        let fields = try PayloadFields(
            payload: LocalQR.payload(nmid: "IDTEST000000001", bill: "B1", amount: 1, name: "KAFÉ ☕ AMBON"))
        #expect(fields.billNumber == "B1")
    }

    @Test("the CRC must match; damaged payloads are refused, never crash")
    func damaged() throws {
        let good = LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR1", amount: 1_000)
        var tampered = good.replacingOccurrences(of: "5404" + "1000", with: "5404" + "9000")
        #expect(tampered != good)
        expectError(.malformedQRIS) { _ = try PayloadFields(payload: tampered) }
        tampered = String(good.dropLast(10))
        expectError(.malformedQRIS) { _ = try PayloadFields(payload: tampered) }
        var random = SeededGenerator(seed: 99)
        let scalars = Array(good.unicodeScalars)
        for _ in 0..<3_000 {
            var mutated = scalars
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<mutated.count, using: &random)
                mutated[index] = Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random))
            }
            if Bool.random(using: &random) { mutated.removeLast(Int.random(in: 0..<mutated.count, using: &random)) }
            _ = try? PayloadFields(payload: String(String.UnicodeScalarView(mutated)))
        }
    }

    @Test("a malformed template or data object is refused naming the tag and character offset")
    func malformedNamesWhere() {
        let template = expectError(.malformedQRIS) {
            _ = try PayloadFields(payload: QRISPayload.sealing("000201010212" + "6204ABCD" + "6304"))
        }
        #expect(template?.message.contains("tag 62 at character 12") == true, "\(String(describing: template))")
        let object = expectError(.malformedQRIS) { _ = try PayloadFields(payload: "000201ZZ0211") }
        #expect(object?.message.contains("at character 6") == true, "\(String(describing: object))")
    }

    @Test("the simulator's generated payload is checked against the invoice before Lunas shows it")
    func generatedCheck() throws {
        let merchant = SimulatedMerchant(
            merchantId: "M1", nmid: "IDTEST000000001", name: "PEMKOT", category: "P2G", acceptsStaticBills: false)
        let content = SimulatedQRContent.compose(
            merchant: merchant, amount: Rupiah(5_000), billNumber: "PKR1", terminalID: "T1")
        func response(_ content: String, reference: String = "PKR1") -> GenerateQRResponse {
            GenerateQRResponse(
                responseCode: SNAPResponseCode(.generateQR, .successful), responseMessage: "Successful",
                referenceNo: "SIM1",
                partnerReferenceNo: reference, qrContent: content)
        }
        let good = try GeneratedQR(
            verifying: response(content), reference: "PKR1", amount: Rupiah(5_000),
            merchantIdentifiers: ["IDTEST000000001"])
        #expect(good.referenceNo == "SIM1")
        expectError(.generateMismatch) {
            _ = try GeneratedQR(
                verifying: response(content), reference: "PKR1", amount: Rupiah(5_001),
                merchantIdentifiers: ["IDTEST000000001"])
        }
        expectError(.generateMismatch) {
            _ = try GeneratedQR(
                verifying: response(content), reference: "PKR1", amount: Rupiah(5_000),
                merchantIdentifiers: ["IDOTHER00000001"])
        }
        expectError(.generateMismatch) {
            _ = try GeneratedQR(
                verifying: response(content, reference: "PKR2"), reference: "PKR2", amount: Rupiah(5_000),
                merchantIdentifiers: ["IDTEST000000001"])
        }
        let otherBill = SimulatedQRContent.compose(
            merchant: merchant, amount: Rupiah(5_000), billNumber: "PKR9", terminalID: nil)
        expectError(.generateMismatch) {
            _ = try GeneratedQR(
                verifying: response(otherBill), reference: "PKR1", amount: Rupiah(5_000),
                merchantIdentifiers: ["IDTEST000000001"])
        }
    }

    @Test("the payer refuses what an e-wallet would refuse")
    func payerRefusals() async throws {
        let profile = try Fixtures.profile()
        let simulator = AcquirerSimulator(profile: profile, credentials: try Fixtures.credentials(profile))
        do {
            do {
                _ = try await simulator.pay(
                    qris: LocalQR.payload(nmid: "IDSTRANGER00001", bill: "B", amount: 1), now: Instants.morning)
                Issue.record("paid a stranger's QR")
            } catch {
                #expect(error.code == .simulatorUnknownMerchant)
            }
            do {
                _ = try await simulator.pay(
                    qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "B", amount: nil), now: Instants.morning)
                Issue.record("paid a QR without an amount")
            } catch {
                #expect(error.code == .simulatorNotPayable)
            }
            let typed = try await simulator.pay(
                qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "B", amount: nil), amount: Rupiah(3_000),
                now: Instants.morning)
            #expect(typed.amount == Rupiah(3_000))
            #expect(await simulator.transaction(referenceNo: typed.referenceNo)?.pointOfInitiation == "11")
        }
    }
}
