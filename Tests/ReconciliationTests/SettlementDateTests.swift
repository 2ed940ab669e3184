import Foundation
import Ledger
import LunasTestSupport
import Testing

@testable import Reconciliation

/// The settlement dates a file stands for, and the payment days a settlement date settles: the
/// inverse of T+N working days (``HolidayCalendar/paymentDays(settlingOn:settlementDays:)``).
@Suite struct SettlementDateTests {
    static func day(_ text: String) -> CivilDate { CivilDate(iso8601: text)! }

    /// A 2026 calendar with `holidays` as national holidays.
    static func calendar(_ holidays: [CivilDate]) throws -> HolidayCalendar {
        var calendar = HolidayCalendar()
        let days = holidays.map { #"{"date": "\#($0)", "name": "Libur", "kind": "holiday"}"# }
        try calendar.add(
            json: Data(#"{"year": 2026, "days": [\#(days.joined(separator: ","))]}"#.utf8), context: "test")
        return calendar
    }

    @Test("T+1: Monday's file holds Friday to Sunday, a weekend day settles nothing, after a holiday the holiday too")
    func paymentDays() throws {
        let weekends = HolidayCalendar()
        #expect(
            weekends.paymentDays(settlingOn: Self.day("2026-11-23"), settlementDays: 1)
                == ["2026-11-20", "2026-11-21", "2026-11-22"].map(Self.day))
        #expect(weekends.paymentDays(settlingOn: Self.day("2026-11-24"), settlementDays: 1) == [Self.day("2026-11-23")])
        #expect(weekends.paymentDays(settlingOn: Self.day("2026-11-21"), settlementDays: 1).isEmpty)
        // Christmas on a Friday: Thursday's payments fall due on Monday with the holiday and the weekend.
        let christmas = try Self.calendar([Self.day("2026-12-25")])
        #expect(
            christmas.paymentDays(settlingOn: Self.day("2026-12-28"), settlementDays: 1)
                == ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"].map(Self.day))
        #expect(christmas.paymentDays(settlingOn: Self.day("2026-12-25"), settlementDays: 1).isEmpty)
        // T+0: a working day settles itself and the non-working days before it.
        #expect(
            weekends.paymentDays(settlingOn: Self.day("2026-11-23"), settlementDays: 0)
                == ["2026-11-21", "2026-11-22", "2026-11-23"].map(Self.day))
    }

    /// Property: every day P is among the payment days of its T+N, and every payment day of D has T+N = D;
    /// D has payment days exactly when it is a working day. Random holidays, N from 0 to 3.
    @Test func paymentDaysInvertWorkingDays() throws {
        var random = SeededGenerator(seed: 14)
        for _ in 0..<20 {
            let start = Self.day("2026-01-01").daysSince1970
            let holidays = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                CivilDate(daysSince1970: start + Int.random(in: 0..<365, using: &random))
            }
            let calendar = try Self.calendar(holidays)
            let n = Int.random(in: 0...3, using: &random)
            for offset in 10..<330 {
                let day = CivilDate(daysSince1970: start + offset)
                let due = calendar.addingWorkingDays(n, to: day)
                #expect(calendar.paymentDays(settlingOn: due, settlementDays: n).contains(day), "\(day) T+\(n)")
                let settled = calendar.paymentDays(settlingOn: day, settlementDays: n)
                #expect(settled.allSatisfy { calendar.addingWorkingDays(n, to: $0) == day }, "\(day) T+\(n)")
                #expect(settled == settled.sorted())
                #expect(settled.isEmpty == !calendar.isWorkingDay(day), "\(day) T+\(n)")
            }
        }
    }

    static func file(rows: [(settlement: String, gross: Int64)], statement: BankStatement? = nil) -> SettlementFile {
        var table = SettlementTable()
        for (index, row) in rows.enumerated() {
            table.append(
                SettlementRow(
                    line: index + 2, transactionTime: 1_795_400_000, settlementDate: day(row.settlement),
                    rrn: "RRN\(index)", billNumber: "B\(index)", grossAmount: Rupiah(row.gross), status: .success))
        }
        return SettlementFile(
            rows: table, sha256: String(repeating: "a", count: 64), byteCount: 10, profileName: "p", acquirer: "a",
            statement: statement)
    }

    @Test("a bank statement states its closing balance date; a CSV states none")
    func statedDate() {
        func balance(_ type: String, _ date: String) -> BankStatement.Balance {
            BankStatement.Balance(
                type: type, amount: StatementAmount(units: 0, scale: 2), currency: "IDR", isCredit: true,
                date: Self.day(date))
        }
        var statement = BankStatement.Statement(id: "S1")
        statement.balances = [balance("OPBD", "2026-11-27"), balance("CLBD", "2026-11-30")]
        let camt = BankStatement(kind: .camt053, messageID: "M", version: 8, statements: [statement])
        #expect(camt.closingDate == Self.day("2026-11-30"))
        #expect(Self.file(rows: [], statement: camt).statedSettlementDate == Self.day("2026-11-30"))
        statement.balances = [balance("60F", "2026-11-27"), balance("62F", "2026-11-30")]
        #expect(BankStatement(kind: .mt940, statements: [statement]).closingDate == Self.day("2026-11-30"))
        #expect(BankStatement(kind: .camt054, statements: [BankStatement.Statement(id: "N")]).closingDate == nil)
        #expect(Self.file(rows: [("2026-11-30", 5)]).statedSettlementDate == nil)
    }

    @Test("a file covers its own date and its rows' period; a record without an own date, its rows' period")
    func covered() throws {
        let empty = SettlementImport(file: Self.file(rows: []), settlementDate: Self.day("2026-11-30"))
        #expect(empty.coveredSettlementDates == [Self.day("2026-11-30")...Self.day("2026-11-30")])
        let late = SettlementImport(
            file: Self.file(rows: [("2026-11-25", 5), ("2026-11-24", 7)]), settlementDate: Self.day("2026-11-30"))
        #expect(late.coveredSettlementDates.contains(Self.day("2026-11-30")...Self.day("2026-11-30")))
        #expect(late.coveredSettlementDates.contains(Self.day("2026-11-24")...Self.day("2026-11-25")))
        // A record written before the own date was kept: decoded without it, its rows' period stands.
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(late)) as! [String: Any]
        old.removeValue(forKey: "settlementDate")
        let decoded = try JSONDecoder().decode(
            SettlementImport.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.settlementDate == nil)
        #expect(decoded.coveredSettlementDates == [Self.day("2026-11-24")...Self.day("2026-11-25")])
        #expect(SettlementImport(file: Self.file(rows: [])).coveredSettlementDates.isEmpty)
    }
}
