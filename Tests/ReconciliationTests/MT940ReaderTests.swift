import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Reconciliation

@Suite struct MT940ReaderTests {
    /// Complete statements that must read; the count is the number of `:61:` lines in the file.
    static let good: [(String, Int)] = [
        ("jejik/abnamro", 10), ("jejik/generic", 2), ("jejik/ing", 7), ("jejik/knab", 3), ("jejik/postfinance", 4),
        ("jejik/rabobank-iban", 4), ("jejik/rabobank", 5), ("jejik/sns", 2), ("jejik/triodos", 2), ("cmxl/mt940", 16),
        ("betterplace/sepa_mt9401", 97), ("wolph/february_30", 1), ("wolph/malformed_details", 1),
        ("wolph/overly_long_details", 1), ("wolph/whitespace", 1), ("wolph/multiline", 2),
    ]

    @Test(arguments: good)
    func readsCompleteStatements(name: String, entries: Int) throws {
        let statement = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/\(name).sta")))
        #expect(statement.kind == .mt940)
        #expect(statement.statements.flatMap(\.entries).count == entries)
        for s in statement.statements {
            #expect(s.account != nil)
            #expect(s.balances.contains { $0.type.hasPrefix("60") })
            #expect(s.balances.contains { $0.type.hasPrefix("62") })
        }
    }

    @Test func genericValues() throws {
        let statement = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/jejik/generic.sta")))
        #expect(statement.statements.map(\.sequenceNumber) == ["1", "2"])
        let entry = try #require(statement.statements.first?.entries.first)
        #expect(entry.amount == StatementAmount(units: 1000, scale: 2))
        #expect(!entry.isCredit)
        #expect(entry.currency == "EUR")
        #expect(entry.valueDate == CivilDate(year: 2011, month: 1, day: 1))
        #expect(entry.transactionCode == "N000")
        #expect(entry.reference == "NONREF")
        let closing = try #require(statement.statements.first?.balances.last)
        #expect(closing.type == "62F")
        #expect(closing.amount.minorUnits(exponent: 2) == 9000)
    }

    @Test func february30IsTheLastDayOfFebruary() throws {
        let statement = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/wolph/february_30.sta")))
        let entry = try #require(statement.statements.first?.entries.first)
        #expect(entry.valueDate == CivilDate(year: 2016, month: 2, day: 29))
        #expect(entry.bookingDate == CivilDate(year: 2016, month: 3, day: 1))
        // "DR6,00": a debit with funds code R, not a reversal.
        #expect(!entry.isReversal)
        #expect(!entry.isCredit)
        #expect(entry.amount.minorUnits(exponent: 2) == 600)
        // SWIFT: RD is the reversal of a debit, booked as a credit.
        let reversal = try MT940Reader.entry(
            .init(tag: "61", value: "1602290301RD6,00N024NONREF", line: 1), currency: "EUR")
        #expect(reversal.isReversal)
        #expect(reversal.isCredit)
    }

    @Test func longNarrativesAreKeptWhole() throws {
        let statement = try MT940Reader().read(
            data: Data(contentsOf: try fixture("mt940/wolph/overly_long_details.sta")))
        let info = try #require(statement.statements.first?.entries.first?.additionalInfo)
        #expect(info.hasPrefix("105?00Basislastschrift"))
        #expect(info.hasSuffix("?62ABWA+Finanzamt Sentinel "))
        #expect(info.count > 6 * 65 - 100)
    }

    /// wolph/mt940 reads `multiline.sta` as one statement (`BILMT940`) with two transactions: the `:61:` after
    /// the message's closing `-`, with no new `:20:`, continues that statement.
    @Test func aStatementLineAfterTheClosingDashContinuesTheStatement() throws {
        let multiline = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/wolph/multiline.sta")))
        #expect(multiline.statements.count == 1)
        let statement = try #require(multiline.statements.first)
        #expect(statement.id == "BILMT940")
        #expect(statement.account == "BILLLULLXXX/\"NUMERO DE COMPTE IBAN 2\"")
        #expect(statement.entries.count == 2)
        let first = try #require(statement.entries.first)
        #expect(first.accountServicerReference == "MUL0408041114005")
        #expect(first.remittance == ["/OCMT/EUR4,5//IACC/D3/"])
        #expect(first.additionalInfo?.contains("?65NOM ET ADRESSE DO / BENEF 612345678") == true)
        #expect(!first.isCredit)
        #expect(first.amount.minorUnits(exponent: 2) == 500)
        // The origin's expected output: credit EUR 119, value 2022-12-19, entry 2022-12-20,
        // customer reference 341241773/1XXXXX, bank reference O/341241774, details "Paiement".
        let second = try #require(statement.entries.last)
        #expect(second.line == 38)
        #expect(second.isCredit)
        #expect(second.amount.minorUnits(exponent: 2) == 11_900)
        #expect(second.currency == "EUR")
        #expect(second.valueDate == CivilDate(year: 2022, month: 12, day: 19))
        #expect(second.bookingDate == CivilDate(year: 2022, month: 12, day: 20))
        #expect(second.reference == "341241773/1XXXXX")
        #expect(second.accountServicerReference == "O/341241774")
        #expect(second.remittance == ["Paiement"])
    }

    /// A continuation may only add statement lines: balances or an account after the `-` still need a `:20:`,
    /// and a file cannot start with a statement line.
    @Test func aContinuationCannotCarryBalancesOrStartTheFile() throws {
        let message =
            ":20:REF1\n:25:123456\n:28C:1/1\n:60F:C221219IDR1000\n:61:2212191219C500NTRFBILL1//RRN1\n"
            + ":62F:C221219IDR1500\n-\n"
        let continued = try MT940Reader().read(data: Data((message + ":61:2212191219C700NTRFBILL2//RRN2\n").utf8))
        #expect(continued.statements.map(\.entries.count) == [2])
        let account = expectReconciliationError {
            _ = try MT940Reader().read(data: Data((message + ":25:999\n:61:2212191219C700NTRFB//R\n").utf8))
        }
        #expect(account?.position?.line == 8)
        #expect(account?.message.contains(":25: before the statement's :20:") == true)
        let balance = expectReconciliationError {
            _ = try MT940Reader().read(data: Data((message + ":61:2212191219C700NTRFB//R\n:62F:C221219IDR2200\n").utf8))
        }
        #expect(balance?.position?.line == 9)
        #expect(balance?.message.contains("a second closing balance") == true)
        let start = expectReconciliationError {
            _ = try MT940Reader().read(data: Data(":61:2212191219C700NTRFB//R\n-\n:20:X\n".utf8))
        }
        #expect(start?.position?.line == 1)
        #expect(start?.message.contains(":61: before the statement's :20:") == true)
    }

    @Test func amountFormatsWithAndWithoutDecimals() throws {
        let text = try String(contentsOf: try fixture("mt940/betterplace/amount_formats.sta"), encoding: .utf8)
        let fields = try MT940Reader.fields(text)
        let amounts = try fields.map { try MT940Reader.balance($0).amount.minorUnits(exponent: 2) }
        #expect(amounts == [38_011_512, 38_011_510, 38_011_500, 12, 12, 112])
        // Indonesian banks write IDR without a decimal comma.
        let idr = try MT940Reader.balance(.init(tag: "60F", value: "C161116IDR1100000", line: 1))
        #expect(idr.amount.minorUnits(exponent: 0) == 1_100_000)
        #expect(idr.currency == "IDR")
    }

    @Test func fieldSnippetsParse() throws {
        let line = try String(contentsOf: try fixture("mt940/cmxl/statement_line.sta"), encoding: .utf8)
        let field = try #require(try MT940Reader.fields(line).first)
        let entry = try MT940Reader.entry(field, currency: "EUR")
        #expect(entry.amount.units > 0)
        for name in ["betterplace/empty_86", "betterplace/missing_crlf_at_end", "cmxl/statement_details"] {
            let fields = try MT940Reader.fields(String(contentsOf: try fixture("mt940/\(name).sta"), encoding: .utf8))
            #expect(!fields.isEmpty, "\(name)")
        }
    }

    @Test func brokenFilesAreRejectedWithTheLine() throws {
        let invalid = expectReconciliationError {
            _ = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/wolph/invalid_statement.sta")))
        }
        #expect(invalid?.code == .mt940Malformed)
        #expect(invalid?.position?.line == 1)
        #expect(invalid?.value == "1")
        let broken = expectReconciliationError {
            _ = try MT940Reader().read(data: Data(contentsOf: try fixture("mt940/betterplace/sepa_snippet_broken.sta")))
        }
        #expect(broken?.code == .mt940Malformed)
        #expect(broken?.position?.line == 6)
        #expect(broken?.message.contains(":25:") == true)
    }

    @Test func badFieldsNameLineAndValue() throws {
        let generic = try String(contentsOf: try fixture("mt940/jejik/generic.sta"), encoding: .utf8)
        let cases: [(String, String, Int)] = [
            (":61:110101D10,00N000NONREF", ":61:110101X10,00N000NONREF", 5),
            (":61:110101D10,00N000NONREF", ":61:111301D10,00N000NONREF", 5),
            (":60F:C110101EUR100,00", ":60F:C110101EUR1O0,00", 4),
            (":62F:C110201EUR90,00", ":62F:C110201EU90,00", 7),
        ]
        for (from, to, line) in cases {
            let broken = generic.replacingOccurrences(of: from, with: to)
            #expect(broken != generic)
            let error = expectReconciliationError { _ = try MT940Reader().read(data: Data(broken.utf8)) }
            #expect(error?.position?.line == line, "\(to): \(error?.message ?? "")")
        }
        let missingClosing = generic.replacingOccurrences(of: ":62F:C110201EUR90,00\n", with: "")
        let error = expectReconciliationError { _ = try MT940Reader().read(data: Data(missingClosing.utf8)) }
        #expect(error?.message.contains("closing balance") == true)
    }

    /// Fuzz: random corruption of real statements never crashes; it reads or throws an MT940 error.
    @Test func corruptedStatementsNeverCrash() throws {
        var rng = SeededGenerator(seed: 940)
        for (name, _) in Self.good {
            let original = Array(try Data(contentsOf: try fixture("mt940/\(name).sta")))
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<3 {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next() % 128)
                }
                do {
                    _ = try MT940Reader().read(data: Data(bytes))
                } catch let error as ReconciliationError {
                    #expect(error.code == .mt940Malformed)
                    #expect(error.position?.line != nil)
                }
            }
        }
    }
}
