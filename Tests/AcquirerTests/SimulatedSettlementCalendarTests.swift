import AcquirerSimulator
import Foundation
import Ledger
import Reconciliation
import Testing

@testable import Acquirer

/// The simulator's settlement files follow T+N working days with the holiday calendar, as Lunas's close
/// rule counts them: the file for settlement date D holds every Jakarta day whose T+N is D.
@Suite("Simulated settlement files by working day: weekends, holidays, empty days, paidOn=")
struct SimulatedSettlementCalendarTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// A simulator (T+1) with one payment at 08:00 Jakarta time on each of `days`, bills `B<yyyyMMdd>`.
    static func simulator(paidOn days: [String], holidays: [String] = []) async throws -> AcquirerSimulator {
        let profile = try Fixtures.profile()
        let simulator = AcquirerSimulator(profile: profile, credentials: try Fixtures.credentials(profile), seed: 17)
        var calendar = HolidayCalendar()
        let entries = holidays.map { #"{"date": "\#($0)", "name": "Libur", "kind": "holiday"}"# }
        try calendar.add(
            json: Data(#"{"year": 2026, "days": [\#(entries.joined(separator: ","))]}"#.utf8), context: "t")
        await simulator.setSettlementCalendar(calendar, settlementDays: 1)
        for day in days {
            _ = try await simulator.pay(
                qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "B" + Self.day(day).compact, amount: 5_000),
                issuer: "OVO", now: Instants.at("\(day)T08:00:00+07:00"))
        }
        return simulator
    }

    @Test("a weekend: Monday's file holds Friday, Saturday and Sunday; Saturday's file is empty but valid")
    func weekend() async throws {
        let simulator = try await Self.simulator(paidOn: ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"])
        let monday = await simulator.settlement(for: Self.day("2026-11-23"), mdr: try Fixtures.mdr())
        #expect(monday.transactionDates == ["2026-11-20", "2026-11-21", "2026-11-22"].map(Self.day))
        #expect(monday.rows.map(\.billNumber) == ["B20261120", "B20261121", "B20261122"])
        #expect(monday.rows.allSatisfy { $0.settlementDate == Self.day("2026-11-23") })
        let camt = monday.camt053(createdAt: Instants.at("2026-11-23T06:00:00+07:00"))
        #expect(camt.contains("<FrDtTm>2026-11-20T00:00:00+07:00</FrDtTm><ToDtTm>2026-11-22T23:59:59+07:00</ToDtTm>"))
        let tuesday = await simulator.settlement(for: Self.day("2026-11-24"), mdr: try Fixtures.mdr())
        #expect(tuesday.rows.map(\.billNumber) == ["B20261123"])

        // Saturday is no working day: its file holds nothing, and both forms still read as settlement files.
        let saturday = await simulator.settlement(for: Self.day("2026-11-21"), mdr: try Fixtures.mdr())
        #expect(saturday.transactionDates.isEmpty && saturday.rows.isEmpty)
        #expect(saturday.csv == SimulatedSettlementDay.csvColumns.joined(separator: ",") + "\r\n")
        let csvProfile = try SettlementProfile.load(
            contentsOf: URL(
                fileURLWithPath: Fixtures.repositoryRoot + "/Config/settlement-profiles/lunas-simulator.json"))
        let csvRead = try Self.read(saturday.csv, profile: csvProfile)
        #expect(csvRead.rows.count == 0 && csvRead.statedSettlementDate == nil)
        let camtProfile = try SettlementProfile.load(
            contentsOf: URL(
                fileURLWithPath: Fixtures.repositoryRoot + "/Config/settlement-profiles/bank-statement-camt.json"))
        let emptyCamt = saturday.camt053(createdAt: Instants.at("2026-11-21T06:00:00+07:00"))
        #expect(!emptyCamt.contains("<FrToDt>"))
        let camtRead = try Self.read(emptyCamt, profile: camtProfile)
        #expect(camtRead.rows.count == 0)
        #expect(camtRead.statedSettlementDate == Self.day("2026-11-21"), "the empty statement states its date")
        // Monday's camt.053 reads back with its own date and one net credit for the merchant's batch.
        let mondayRead = try Self.read(camt, profile: camtProfile)
        #expect(mondayRead.rows.count == 1 && mondayRead.statedSettlementDate == Self.day("2026-11-23"))
        let csvMonday = try Self.read(monday.csv, profile: csvProfile)
        #expect(csvMonday.rows.count == 3)
    }

    @Test("a holiday: after Christmas (Friday) Monday's file holds Thursday to Sunday; the holiday's file is empty")
    func holiday() async throws {
        let simulator = try await Self.simulator(
            paidOn: ["2026-12-23", "2026-12-24", "2026-12-25", "2026-12-27"], holidays: ["2026-12-25"])
        #expect(await simulator.settlementDate(forPaymentOn: Self.day("2026-12-23")) == Self.day("2026-12-24"))
        #expect(await simulator.settlementDate(forPaymentOn: Self.day("2026-12-24")) == Self.day("2026-12-28"))
        let christmas = await simulator.settlement(for: Self.day("2026-12-25"), mdr: try Fixtures.mdr())
        #expect(christmas.rows.isEmpty && christmas.transactionDates.isEmpty)
        let monday = await simulator.settlement(for: Self.day("2026-12-28"), mdr: try Fixtures.mdr())
        #expect(monday.transactionDates == ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"].map(Self.day))
        #expect(monday.rows.map(\.billNumber) == ["B20261224", "B20261225", "B20261227"])
        let thursday = await simulator.settlement(for: Self.day("2026-12-24"), mdr: try Fixtures.mdr())
        #expect(thursday.rows.map(\.billNumber) == ["B20261223"])
    }

    @Test("paidOn= answers the file that holds that payment day and names its date in X-Settlement-Date")
    func paidOn() async throws {
        let simulator = try await Self.simulator(paidOn: ["2026-11-20", "2026-11-23"])
        let mdr = try Fixtures.mdr()
        for (paid, settles) in [
            ("2026-11-20", "2026-11-23"), ("2026-11-21", "2026-11-23"), ("2026-11-22", "2026-11-23"),
            ("2026-11-23", "2026-11-24"),
        ] {
            let answer = await simulator.handleSettlement(
                date: nil, paidOn: paid, format: nil, mdr: mdr, now: Instants.morning)
            #expect(answer.status == 200)
            #expect(answer.headers["x-settlement-date"] == settles, "\(paid)")
            let byDate = await simulator.handleSettlement(date: settles, format: nil, mdr: mdr, now: Instants.morning)
            #expect(byDate.body == answer.body, "\(paid)")
            #expect(byDate.headers["x-settlement-date"] == settles)
        }
        let friday = await simulator.handleSettlement(
            date: nil, paidOn: "2026-11-20", format: "camt053", mdr: mdr, now: Instants.morning)
        #expect(friday.text.contains("<EndToEndId>B20261120</EndToEndId>"))
        #expect(friday.headers["x-settlement-date"] == "2026-11-23")
    }

    @Test(
        "bad settlement queries are 400 naming the parameter",
        arguments: [
            (nil, nil, "date"), ("2026-11-23", "2026-11-20", "paidOn"), (nil, "2026-02-30", "paidOn"),
            ("20261123", nil, "date"),
        ] as [(String?, String?, String)])
    func badQueries(date: String?, paidOn: String?, field: String) async throws {
        let simulator = try await Self.simulator(paidOn: [])
        let answer = await simulator.handleSettlement(
            date: date, paidOn: paidOn, format: nil, mdr: try Fixtures.mdr(), now: Instants.morning)
        #expect(answer.status == 400)
        #expect(answer.text.contains("\"field\":\"\(field)\""), "\(answer.text)")
    }

    /// Reads `text` as a settlement file with `profile`, as Lunas's upload does.
    static func read(_ text: String, profile: SettlementProfile) throws -> SettlementFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-sim-\(UUID().uuidString)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try SettlementReader(profile: profile).read(path: url.path)
    }
}
