import AcquirerSimulator
import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Acquirer

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("MDR schedule and the daily settlement file")
struct SettlementTests {
    @Test("MDR: rate selection by category, MCC, date and ceiling; round half up in whole rupiah")
    func mdr() throws {
        let schedule = try Fixtures.mdr()
        let day = try #require(CivilDate(iso8601: "2026-11-22"))
        #expect(schedule.mdr(category: "UMI", mcc: nil, on: day, gross: Rupiah(500_000)) == .zero)
        // 0.3% of 500,001 = 1,500.003
        #expect(schedule.mdr(category: "UMI", mcc: nil, on: day, gross: Rupiah(500_001)) == Rupiah(1_500))
        #expect(schedule.mdr(category: "P2G", mcc: "9399", on: day, gross: Rupiah(1_000_000)) == .zero)
        #expect(schedule.basisPoints(category: "REGULAR", mcc: "7523", on: day, gross: 5_000) == 45)
        #expect(
            schedule.basisPoints(
                category: "REGULAR", mcc: "7523", on: try #require(CivilDate(iso8601: "2027-01-01")), gross: 5_000)
                == 70)
        #expect(schedule.basisPoints(category: "REGULAR", mcc: "5812", on: day, gross: 5_000) == 70)
        #expect(schedule.basisPoints(category: "EDU", mcc: nil, on: day, gross: 5_000) == 70)
        // 0.45% of 5,000 = 22.5 → 23 (half up); 0.45% of 4,000 = 18; 0.7% of 2,500 = 17.5 → 18; 0.7% of 2,499 = 17.493 → 17.
        #expect(schedule.mdr(category: "REGULAR", mcc: "7523", on: day, gross: Rupiah(5_000)) == Rupiah(23))
        #expect(schedule.mdr(category: "REGULAR", mcc: "7523", on: day, gross: Rupiah(4_000)) == Rupiah(18))
        #expect(schedule.mdr(category: "REGULAR", mcc: nil, on: day, gross: Rupiah(2_500)) == Rupiah(18))
        #expect(schedule.mdr(category: "REGULAR", mcc: nil, on: day, gross: Rupiah(2_499)) == Rupiah(17))
        #expect(
            schedule.mdr(category: "REGULAR", mcc: nil, on: day, gross: Rupiah(Int64.max))
                == Rupiah(Int64.max / 10_000 * 70 + (Int64.max % 10_000 * 70 + 5_000) / 10_000))
    }

    @Test("property: MDR equals exact half-up rounding of gross × bp / 10000")
    func mdrProperty() throws {
        let schedule = try Fixtures.mdr()
        let day = try #require(CivilDate(iso8601: "2026-11-22"))
        var random = SeededGenerator(seed: 3)
        for _ in 0..<2_000 {
            let gross = Int64.random(in: 1...900_000_000, using: &random)
            let fee = schedule.mdr(category: "REGULAR", mcc: nil, on: day, gross: Rupiah(gross))
            // fee is the integer nearest gross × 70 / 10000, halves up: 2·(fee·10000 − gross·70) in (−10000, 10000].
            let twice = 2 * (fee.value * 10_000 - gross * 70)
            #expect(twice > -10_000 && twice <= 10_000)
        }
    }

    @Test("a bad schedule is refused with the row")
    func badSchedule() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-mdr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("mdr.json").path
        let json = try Fixtures.text("mdr.json").replacingOccurrences(
            of: "\"rateBasisPoints\": 30", with: "\"rateBasisPoints\": 30000")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: LedgerError.self) {
            _ = try MDRSchedule.load(contentsOf: URL(fileURLWithPath: path))
        }
        #expect(error?.code == .mdrInvalid)
        #expect(error?.field == "rates[1].rateBasisPoints")
        try "{\"rates\": [{\"category\": \"UMI\"}], \"default\": {\"rateBasisPoints\": 1}}".write(
            toFile: path, atomically: true, encoding: .utf8)
        let missing = #expect(throws: LedgerError.self) {
            _ = try MDRSchedule.load(contentsOf: URL(fileURLWithPath: path))
        }
        #expect(missing?.code == .mdrInvalid)
    }

    /// A day of payments: three on 22 November (Jakarta), one just after midnight, one refund on the 22nd.
    func simulatedDay() async throws -> AcquirerSimulator {
        let profile = try Fixtures.profile()
        let simulator = AcquirerSimulator(profile: profile, credentials: try Fixtures.credentials(profile), seed: 11)
        _ = try await simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR1", amount: 5_000), issuer: "GoPay",
            now: Instants.at("2026-11-22T08:00:00+07:00"))
        _ = try await simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR2", amount: 2_500), issuer: "OVO",
            now: Instants.at("2026-11-22T09:30:00+07:00"))
        _ = try await simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000002", bill: "MKT1", amount: 600_000), issuer: "DANA",
            now: Instants.at("2026-11-22T23:59:59+07:00"))
        _ = try await simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR3", amount: 9_000), issuer: "OVO",
            now: Instants.at("2026-11-23T00:00:00+07:00"))
        // Refund 1,000 of PKR2 the same day, through the SNAP refund service.
        let credentials = try Fixtures.credentials(profile)
        let client = SNAPClient(profile: profile, credentials: credentials)
        let now = Instants.at("2026-11-22T12:00:00+07:00")
        let tokenResponse = await simulator.handle(try client.accessTokenRequest(at: now), now: now)
        let token = try #require(
            try client.decode(AccessTokenResponse.self, from: tokenResponse, service: .accessToken).accessToken)
        let refund = try client.serviceRequest(
            .refundQR,
            body: RefundRequest(
                merchantId: "TESTMERCHANT01", originalPartnerReferenceNo: "PKR2", partnerRefundNo: "RF1",
                refundAmount: SNAPAmount(Rupiah(1_000))),
            accessToken: token, externalID: "1", at: now)
        #expect(try await simulator.handle(refund, now: now).code() == "2007800")
        return simulator
    }

    @Test("settlement CSV (T+1 working day): Monday's file holds Friday to Sunday; rows, MDR, totals, refund row")
    func csv() async throws {
        let simulator = try await simulatedDay()
        let file = await simulator.settlement(
            for: try #require(CivilDate(iso8601: "2026-11-23")), mdr: try Fixtures.mdr())
        #expect(file.transactionDates.map(\.description) == ["2026-11-20", "2026-11-21", "2026-11-22"])
        #expect(file.rows.map(\.billNumber) == ["PKR1", "PKR2", "PKR2", "MKT1"])
        #expect(file.rows.map(\.status) == [.success, .success, .reversal, .success])
        // 0.45%, 0.45%, —, UMI 0.3% above the ceiling
        #expect(file.rows.map(\.feeAmount) == [Rupiah(23), Rupiah(11), .zero, Rupiah(1_800)])
        #expect(file.grossTotal == Rupiah(5_000 + 2_500 - 1_000 + 600_000))
        #expect(file.mdrTotal == Rupiah(1_834))
        #expect(file.netTotal == file.grossTotal - file.mdrTotal)
        let lines = file.csv.components(separatedBy: "\r\n")
        #expect(lines[0] == SimulatedSettlementDay.csvColumns.joined(separator: ","))
        #expect(lines.count == 6 && lines[5].isEmpty)
        let first = lines[1].components(separatedBy: ",")
        #expect(first.count == SimulatedSettlementDay.csvColumns.count)
        #expect(first[0] == "2026-11-23")
        #expect(first[1] == "20261123-TESTMERCHANT01")
        #expect(first[2] == "2026-11-22 08:00:00")
        #expect(first[3].count == 12)
        #expect(
            Array(first[5...]) == [
                "PKR1", "IDTEST000000001", "TESTMERCHANT01", "JKR01", "GoPay", "12", "SUCCESS", "5000", "23", "4977",
            ])
        let refund = lines[3].components(separatedBy: ",")
        #expect(Array(refund[11...]) == ["REFUND", "-1000", "0", "-1000"])
        #expect(refund[3] == lines[2].components(separatedBy: ",")[3])  // the refund carries the payment's RRN
        // The payment just after midnight settles the next day.
        let next = await simulator.settlement(
            for: try #require(CivilDate(iso8601: "2026-11-24")), mdr: try Fixtures.mdr())
        #expect(next.rows.map(\.billNumber) == ["PKR3"])
    }

    @Test("settlement camt.053.001.08: well-formed, one net credit per merchant batch, totals agree with the CSV")
    func camt() async throws {
        let simulator = try await simulatedDay()
        let file = await simulator.settlement(
            for: try #require(CivilDate(iso8601: "2026-11-23")), mdr: try Fixtures.mdr())
        let xml = file.camt053(createdAt: Instants.at("2026-11-23T06:00:00+07:00"))
        let reader = CamtReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.namespace == "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08")
        #expect(reader.statements == 2)
        #expect(reader.entryAmounts == ["6466.00", "598200.00"])  // 5,000−23 + 2,500−11 − 1,000 ; 600,000 − 1,800
        #expect(reader.batchCounts == ["3", "1"])
        #expect(reader.closingBalances == reader.entryAmounts)
        #expect(reader.references.filter { $0.count == 12 }.count == 4)
        let total = reader.entryAmounts.compactMap { Int64($0.dropLast(3)) }.reduce(0, +)
        #expect(Rupiah(total) == file.netTotal)
    }
}

/// Collects what the camt tests check from the XML.
final class CamtReader: NSObject, XMLParserDelegate {
    var namespace: String?
    var statements = 0
    var entryAmounts: [String] = []
    var batchCounts: [String] = []
    var closingBalances: [String] = []
    var references: [String] = []
    private var path: [String] = []
    private var text = ""
    private var balanceType = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "Document" { namespace = attributes["xmlns"] }
        if name == "Stmt" { statements += 1 }
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parent = path.dropLast().last
        if name == "Amt", parent == "Ntry" { entryAmounts.append(text) }
        if name == "NbOfTxs", parent == "Btch" { batchCounts.append(text) }
        if name == "Cd", path.contains("Bal") { balanceType = text }
        if name == "Amt", parent == "Bal", balanceType == "CLBD" { closingBalances.append(text) }
        if name == "AcctSvcrRef", parent == "Refs" { references.append(text) }
        path.removeLast()
        text = ""
    }
}
