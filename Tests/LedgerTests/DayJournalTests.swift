import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// The daily journal on generated days (issue 14, "The books": debits equal credits for every day),
/// and the strict reader of `accounts.json`.
@Suite("Day journal and chart of accounts")
struct DayJournalTests {
    static let accountsFile = CityConfigurationTests.demoDirectory.appendingPathComponent("accounts.json")

    static func demoAccounts() throws -> ChartOfAccounts {
        try ChartOfAccounts(json: try Data(contentsOf: accountsFile))
    }

    static let revenueLines = [
        "parking:motorcycle", "parking:car", "parking:truck", "fee:PASAR-LOS-HARIAN", "fee:KEBERSIHAN", "fee:TERMINAL",
    ]
    static let zones = ["ayp-01", "smr-01", "ptm-01", "-"]
    static let devices = ["jkr-1", "jkr-2", "ksk-1"]

    /// A generated day: groups of invoices by zone, line, device and status, with amounts up to
    /// Rp50.000.000 per group. Settled groups carry MDR ≤ amount and net = amount − MDR; with
    /// `refundedAfterSettlement`, some refunded groups carry the MDR of their earlier settlement.
    static func day(seed: UInt64, refundedAfterSettlement: Bool) -> [DayBreakdownRow] {
        var random = SeededGenerator(seed: seed)
        let count = Int.random(in: 0...40, using: &random)
        return (0..<count).map { _ in
            let status = InvoiceStatus.allCases.randomElement(using: &random)!
            let invoices = Int64.random(in: 1...500, using: &random)
            let amount = Int64.random(in: 0...50_000_000, using: &random)
            // Without a settlement row, MDR and net are 0 (the store's LEFT JOIN sums nothing).
            var mdr: Int64 = 0
            var net: Int64 = 0
            if status == .settled || (refundedAfterSettlement && status == .refunded && Bool.random(using: &random)) {
                // Up to 1 % (QRIS MDR is 0–0.7 %), and now and then all of it (a fee-only group).
                let all = Int64.random(in: 0...9, using: &random) == 0
                mdr = all ? amount : Int64.random(in: 0...(amount / 100), using: &random)
                net = amount - mdr
            }
            return DayBreakdownRow(
                zone: zones.randomElement(using: &random)!, revenueLine: revenueLines.randomElement(using: &random)!,
                deviceID: Device.ID(devices.randomElement(using: &random)!), status: status, count: invoices,
                amount: Rupiah(amount), mdr: Rupiah(mdr), net: Rupiah(net))
        }
    }

    /// A statement of `rows`, read back from its canonical JSON as a stored or downloaded one is.
    static func statement(_ rows: [DayBreakdownRow], exceptions: [String: Int64] = [:]) throws -> DailyStatement {
        let date = CivilDate(year: 2026, month: 11, day: 24)!
        let from = Date(timeIntervalSince1970: 1_795_446_000)
        let statement = DailyStatement(
            date: date, cityID: "ambon", timeZone: "WIT", from: from, to: from.addingTimeInterval(86_400),
            closedAt: from.addingTimeInterval(90_000), closedBy: .device(Device.ID("spv-1")),
            figures: try DailyStatement.figures(rows: rows, exceptions: exceptions),
            chainHead: ChainHead(sequence: 42, hash: [UInt8](repeating: 0xAB, count: 32)), keyID: "00",
            signature: "AA==")
        return try DailyStatement(canonical: try CanonicalJSON.parse(statement.canonical.text))
    }

    static func int(_ value: CanonicalJSON?) -> Int64? {
        guard case .int(let number)? = value else { return nil }
        return number
    }

    static func sum(_ lines: [DayJournal.Line], _ code: String, _ side: KeyPath<DayJournal.Line, Rupiah>) -> Int64 {
        lines.filter { $0.account.code == code }.reduce(0) { $0 + $1[keyPath: side].value }
    }

    @Test(
        "generated days: debits equal credits, no negative or empty line, revenue credited is what was received",
        arguments: 0..<200)
    func balances(seed: UInt64) throws {
        let accounts = try Self.demoAccounts()
        for refundedAfterSettlement in [false, true] {
            let rows = Self.day(seed: seed, refundedAfterSettlement: refundedAfterSettlement)
            let statement = try Self.statement(rows)
            let journal = try DayJournal(statement: statement, accounts: accounts)
            let context = "seed \(seed), refunded after settlement: \(refundedAfterSettlement), rows: \(rows.count)"
            #expect(journal.totalDebit == journal.totalCredit, "\(context)")
            #expect(journal.totalDebit.value == journal.lines.reduce(0) { $0 + $1.debit.value }, "\(context)")
            #expect(journal.totalCredit.value == journal.lines.reduce(0) { $0 + $1.credit.value }, "\(context)")
            #expect(journal.date == statement.date)
            for line in journal.lines {
                #expect(line.debit.value >= 0 && line.credit.value >= 0, "\(context): \(line)")
                #expect((line.debit.value > 0) != (line.credit.value > 0), "\(context): one side per line: \(line)")
                #expect(!line.memo.isEmpty)
            }

            let figures = statement.figures
            let received = try #require(Self.int(figures["invoices"]?["receivedAmount"]))
            let outstanding = try #require(Self.int(figures["revenue"]?["outstanding"]))
            let refunded = try #require(Self.int(figures["revenue"]?["refunded"]))
            #expect(received == rows.filter(\.status.isPaid).reduce(0) { $0 + $1.amount.value })
            // Every revenue account of the demo chart starts with 4 (Permendagri 90/2019: pendapatan).
            let revenueCredit = journal.lines.filter { $0.account.code.hasPrefix("4.") }.reduce(0) {
                $0 + $1.credit.value
            }
            let revenueDebit = journal.lines.filter { $0.account.code.hasPrefix("4.") }.reduce(0) {
                $0 + $1.debit.value
            }
            #expect(revenueCredit == received, "\(context): revenue is recognised gross")
            #expect(revenueDebit == refunded, "\(context): refunds are their own lines")
            #expect(Self.sum(journal.lines, accounts.receivable.code, \.debit) == outstanding, "\(context)")
            #expect(Self.sum(journal.lines, accounts.receivable.code, \.credit) == 0)
            #expect(Self.sum(journal.lines, accounts.suspense.code, \.debit) == 0)

            // Per revenue line, the credits land on that line's account.
            if case .array(let groups)? = figures["byRevenueLine"] {
                for group in groups {
                    guard case .string(let line)? = group["revenueLine"] else {
                        Issue.record("\(context): a group without its revenueLine")
                        continue
                    }
                    let account = accounts.revenue(for: line)
                    #expect(account.code.hasPrefix("4."))
                    let credited = journal.lines.filter { $0.account == account && $0.memo.contains(line) }
                        .reduce(0) { $0 + $1.credit.value }
                    #expect(credited == Self.int(group["receivedAmount"]), "\(context): \(line)")
                }
            }

            // The MDR expense is all the MDR the bank withheld, also on invoices it settled and that
            // were given back since (it keeps its fee: the refund or reversal takes back the gross);
            // the net counts only invoices that stay settled, so the bank's balance moves by that
            // net less the fees kept on the ones given back.
            let mdr = try #require(Self.int(figures["revenue"]?["mdr"]))
            let refundedMDR = try #require(Self.int(figures["revenue"]?["refundedMDR"]))
            let net = try #require(Self.int(figures["revenue"]?["net"]))
            #expect(Self.sum(journal.lines, accounts.mdrExpense.code, \.debit) == mdr, "\(context)")
            #expect(Self.sum(journal.lines, accounts.mdrExpense.code, \.credit) == 0, "\(context)")
            #expect(net == rows.filter { $0.status == .settled }.reduce(0) { $0 + $1.net.value }, "\(context)")
            #expect(refundedMDR == rows.filter { $0.status == .refunded }.reduce(0) { $0 + $1.mdr.value })
            #expect(refundedAfterSettlement || refundedMDR == 0)
            let bank =
                Self.sum(journal.lines, accounts.bank.code, \.debit)
                - Self.sum(journal.lines, accounts.bank.code, \.credit)
            #expect(bank == net - refundedMDR, "\(context): the bank's balance moves by the settled net")
        }
    }

    @Test("an empty day books nothing and balances at zero")
    func emptyDay() throws {
        let journal = try DayJournal(statement: try Self.statement([]), accounts: try Self.demoAccounts())
        #expect(journal.lines.isEmpty)
        #expect(journal.totalDebit == Rupiah(0))
        #expect(journal.totalCredit == Rupiah(0))
    }

    @Test("one settled group books bank net, MDR expense and gross revenue on the line's account")
    func oneSettledGroup() throws {
        let accounts = try Self.demoAccounts()
        let row = DayBreakdownRow(
            zone: "ayp-01", revenueLine: "parking:motorcycle", deviceID: Device.ID("jkr-1"), status: .settled, count: 3,
            amount: Rupiah(6_000), mdr: Rupiah(42), net: Rupiah(5_958))
        let journal = try DayJournal(statement: try Self.statement([row]), accounts: accounts)
        #expect(journal.lines.map(\.account.code) == ["1.1.01.03.01", "5.1.02.02.12", "4.1.02.01.09"])
        #expect(journal.lines.map(\.debit.value) == [5_958, 42, 0])
        #expect(journal.lines.map(\.credit.value) == [0, 0, 6_000])
        #expect(journal.totalDebit == Rupiah(6_000))
    }

    @Test("an invoice settled and then reversed: received and given back, its MDR kept, its net not counted")
    func settledThenReversed() throws {
        let accounts = try Self.demoAccounts()
        let line = "parking:car"
        func row(_ status: InvoiceStatus, _ amount: Int64, mdr: Int64) -> DayBreakdownRow {
            DayBreakdownRow(
                zone: "ayp-01", revenueLine: line, deviceID: Device.ID("jkr-1"), status: status, count: 1,
                amount: Rupiah(amount), mdr: Rupiah(mdr), net: Rupiah(amount - mdr))
        }
        let statement = try Self.statement([row(.settled, 6_000, mdr: 42), row(.refunded, 10_000, mdr: 70)])
        let revenue = try #require(statement.figures["revenue"])
        #expect(revenue["gross"] == .int(16_000))
        #expect(revenue["refunded"] == .int(10_000))
        #expect(revenue["mdr"] == .int(112))
        #expect(revenue["refundedMDR"] == .int(70))
        #expect(revenue["net"] == .int(5_958))
        let journal = try DayJournal(statement: statement, accounts: accounts)
        let bank = accounts.bank.code
        let mdr = accounts.mdrExpense.code
        let car = accounts.revenue(for: line).code
        #expect(journal.lines.map(\.account.code) == [bank, mdr, car, bank, mdr, car, car, bank])
        #expect(journal.lines.map(\.debit.value) == [5_958, 42, 0, 9_930, 70, 0, 10_000, 0])
        #expect(journal.lines.map(\.credit.value) == [0, 0, 6_000, 0, 0, 10_000, 0, 10_000])
        #expect(journal.totalDebit == Rupiah(26_000) && journal.totalCredit == Rupiah(26_000))
    }

    @Test("a statement signed before refundedMDR existed books the journal it always had")
    func statementWithoutRefundedMDR() throws {
        func row(_ status: InvoiceStatus, _ amount: Int64, mdr: Int64) -> DayBreakdownRow {
            DayBreakdownRow(
                zone: "-", revenueLine: "fee:KEBERSIHAN", deviceID: Device.ID("jkr-1"), status: status, count: 1,
                amount: Rupiah(amount), mdr: Rupiah(mdr), net: Rupiah(amount - mdr))
        }
        var statement = try Self.statement([row(.settled, 6_000, mdr: 42), row(.refunded, 10_000, mdr: 70)])
        guard case .object(var figures) = statement.figures, case .array(var groups)? = figures["byRevenueLine"],
            case .object(var group) = groups[0]
        else {
            Issue.record("figures are not objects")
            return
        }
        group["refundedMDR"] = nil
        groups[0] = .object(group)
        figures["byRevenueLine"] = .array(groups)
        statement.figures = .object(figures)
        let journal = try DayJournal(statement: statement, accounts: try Self.demoAccounts())
        // As before the member: all the group's MDR against the settled ones, the refunded through the bank.
        #expect(journal.lines.map(\.debit.value) == [5_888, 112, 0, 10_000, 0, 10_000, 0])
        #expect(journal.lines.map(\.credit.value) == [0, 0, 6_000, 0, 10_000, 0, 10_000])
    }

    // MARK: accounts.json

    @Test("the demo Config/accounts.json loads")
    func demoChartLoads() throws {
        let accounts = try Self.demoAccounts()
        #expect(accounts.bank.code == "1.1.01.03.01")
        #expect(accounts.mdrExpense.code == "5.1.02.02.12")
        #expect(accounts.receivable.code == "1.1.03.02.01")
        #expect(accounts.suspense.code == "2.1.05.01.01")
        #expect(accounts.defaultRevenue.code == "4.1.02.01.01")
        #expect(Set(accounts.revenueLines.keys) == ["parking", "fee"])
        #expect(accounts.revenue(for: "parking:car").code == "4.1.02.01.09")
        #expect(accounts.revenue(for: "fee:PASAR-LOS-HARIAN").code == "4.1.02.02.01")
        #expect(accounts.revenue(for: "other").code == "4.1.02.01.01")
        let named = try ChartOfAccounts(
            json: Data(
                Self.chart(lines: #""parking": \#(Self.account("4.1.1")), "parking:car": \#(Self.account("4.1.2"))"#)
                    .utf8))
        #expect(named.revenue(for: "parking:car").code == "4.1.2", "the line itself before its kind")
        #expect(named.revenue(for: "parking:truck").code == "4.1.1")
        #expect(named.revenue(for: "fee:X").code == "4.9")
    }

    static func account(_ code: String, name: String = "Akun") -> String {
        #"{"code": "\#(code)", "name": "\#(name)"}"#
    }

    /// A chart in the demo's shape, with `top` extra top-level members and `lines` as revenue.lines.
    static func chart(top: String = "", bank: String? = nil, lines: String = "") -> String {
        """
        {\(top)"bank": \(bank ?? account("1.1")), "mdrExpense": \(account("5.1")), "receivable": \(account("1.2")),
         "suspense": \(account("2.1")), "revenue": {"default": \(account("4.9")), "lines": {\(lines)}}}
        """
    }

    static let refusals: [(json: String, field: String, mentions: String)] = [
        (chart(top: #""bnak": {}, "#), "bnak", "unknown key \"bnak\""),
        (
            chart(lines: #""parking": {"code": "4.1", "name": "Parkir", "bogus": 1}"#), "revenue.lines.parking.bogus",
            "bogus"
        ),
        (chart(lines: #""bogus": \#(account("4.1"))"#), "revenue.lines", "bogus"),
        (chart(lines: #""retribusi:pasar": \#(account("4.1"))"#), "revenue.lines", "retribusi:pasar"),
        (chart(bank: #"{"name": "Kas di Bank"}"#), "bank.code", "code"),
        (chart(lines: #""fee": {"code": "4.1"}"#), "revenue.lines.fee.name", "name"),
        (chart(bank: account("1 1")), "bank.code", "printable"),
        (chart(bank: account("")), "bank.code", "code"),
        (chart(bank: account("1.1", name: "")), "bank.name", "name"),
        (chart(lines: #""parking": "4.1""#), "revenue.lines.parking", "object"),
        (#"{"bank": \#(account("1.1")), "revenue": {"default": \#(account("4.1"))}}"#, "mdrExpense", "mdrExpense"),
        (#"{"bank": \#(account("1.1"))}"#, "revenue", "revenue"),
        ("[]", "", "object"),
        ("{", "", "JSON"),
    ]

    @Test("accounts.json refusals name the JSON path", arguments: refusals.indices)
    func refusal(index: Int) throws {
        let (json, field, mentions) = Self.refusals[index]
        do {
            _ = try ChartOfAccounts(json: Data(json.utf8))
            Issue.record("accepted: \(json)")
        } catch let error as LedgerError {
            #expect(error.code == .accountsInvalid, "\(error)")
            #expect((error.field ?? "") == field, "\(error.message)")
            #expect(error.message.contains(mentions), "\(error.message)")
            #expect(error.message.hasPrefix("accounts.json"), "\(error.message)")
        }
    }
}
