import Foundation
import HTTPTypes
import Ledger
import LunasTestSupport
import Testing

@testable import API
@testable import Reconciliation

/// The rule that gives an upload its settlement date, and the `date` parameter's parser, on generated
/// input: every answer follows the rule, every refusal names `date`.
@Suite("A settlement file's own date: the rule and the date= parser on generated input")
struct SettlementFileDatePropertyTests {
    static let base = CivilDate(iso8601: "2026-11-01")!

    static func file(rows: [CivilDate], closing: CivilDate?) -> SettlementFile {
        var table = SettlementTable()
        for (index, date) in rows.enumerated() {
            table.append(
                SettlementRow(
                    line: index + 2, transactionTime: 1_795_400_000, settlementDate: date, rrn: "R\(index)",
                    billNumber: "B\(index)", grossAmount: Rupiah(1_000), status: .success))
        }
        let statement = closing.map { date in
            var statement = BankStatement.Statement(id: "S")
            statement.balances = [
                BankStatement.Balance(
                    type: "CLBD", amount: StatementAmount(units: 0, scale: 2), currency: "IDR", isCredit: true,
                    date: date)
            ]
            return BankStatement(kind: .camt053, statements: [statement])
        }
        return SettlementFile(
            rows: table, sha256: String(repeating: "b", count: 64), byteCount: 1, profileName: "p", acquirer: "a",
            statement: statement)
    }

    @Test("stated date, else the one given (within the rows' dates), else the rows' last; 422 naming date otherwise")
    func rule() throws {
        var random = SeededGenerator(seed: 1414)
        func day() -> CivilDate { Self.base.adding(days: Int.random(in: 0..<60, using: &random)) }
        for _ in 0..<3_000 {
            let rows = (0..<Int.random(in: 0...4, using: &random)).map { _ in day() }
            let closing = Bool.random(using: &random) ? day() : nil
            let requested = Bool.random(using: &random) ? (Bool.random(using: &random) ? closing : day()) : nil
            let file = Self.file(rows: rows, closing: closing)
            // A date given must be the one the file states, or one of its rows' settlement dates' period.
            let outside = requested.map { requested in
                closing.map { $0 != requested }
                    ?? rows.min().map { requested < $0 || requested > rows.max()! } ?? false
            } ?? false
            do {
                let date = try SettlementImporter.settlementDate(of: file, requested: requested)
                #expect(date == closing ?? requested ?? rows.max())
                #expect(!outside)
            } catch let error as APIError {
                #expect(error.status == .unprocessableContent)
                #expect(error.field == "date")
                if outside {
                    #expect(error.code == "settlement.dateMismatch")
                } else {
                    #expect(error.code == "settlement.dateRequired")
                    #expect(closing == nil && requested == nil && rows.isEmpty)
                }
            }
        }
    }

    @Test("date=: a real YYYY-MM-DD day is read as that day; anything else is 400 naming date")
    func parser() throws {
        var random = SeededGenerator(seed: 99)
        let alphabet = Array("0123456789-- T:/+Zx\u{0}é")
        for round in 0..<5_000 {
            let text: String
            if round % 3 == 0 {
                text = Self.base.adding(days: Int.random(in: -40_000...40_000, using: &random)).description
            } else {
                let length = Int.random(in: 0...12, using: &random)
                text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            }
            do {
                let date = try SettlementImporter.requestedSettlementDate(text)
                #expect(date == CivilDate(iso8601: text))
                #expect(date?.description == text, "\(text)")
            } catch let error as APIError {
                #expect(CivilDate(iso8601: text) == nil, "\(text)")
                #expect(error.status == .badRequest && error.code == "request.invalidValue" && error.field == "date")
            }
        }
        #expect(try SettlementImporter.requestedSettlementDate(nil) == nil)
    }
}
