import Foundation
import Ledger
import Testing

@testable import Reconciliation

/// Issue 12, item 11: every CSV written for people defuses spreadsheet formulas (OWASP CSV injection) in
/// text cells, and keeps numbers, negative ones included, numbers.
@Suite("CSV injection")
struct CSVInjectionTests {
    /// A text cell for each formula trigger, and what must be written.
    static let dangerous: [(String, String)] = [
        ("=HYPERLINK(\"http://x\",\"klik\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\""),
        ("+62 811 000", "\"'+62 811 000\""),
        ("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\""),
        ("@SUM(1+1)", "\"'@SUM(1+1)\""),
        ("\t=1+1", "\"'\t=1+1\""),
        ("\r=1+1", "\"'\r=1+1\""),
    ]

    @Test("every formula trigger is prefixed with a quote and the cell quoted")
    func textCells() {
        for (text, expected) in Self.dangerous {
            var out: [UInt8] = []
            CSVCell.text(text).append(to: &out)
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(text.debugDescription)")
        }
        var plain: [UInt8] = []
        CSVCell.text("GOPAY").append(to: &plain)
        #expect(plain == Array("GOPAY".utf8))
    }

    @Test(
        "a bank file's field is quoted as RFC 4180 asks and never defused",
        arguments: [
            ("GOPAY", "GOPAY"), ("=1+1", "=1+1"), ("-5000", "-5000"), ("A,B", "\"A,B\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a\r\nb", "\"a\r\nb\""), ("a\nb", "\"a\nb\""),
            ("KAFÉ ☕", "KAFÉ ☕"), ("", ""),
        ])
    func bankField(_ value: String, _ expected: String) {
        #expect(Array(CSVCell.rfc4180Field(value).utf8) == Array(expected.utf8))
    }

    @Test("numbers, negative amounts included, stay numbers")
    func numberCells() {
        var out: [UInt8] = []
        CSVCell.appendRecord(
            [.number(Int64(-5000)), .number(Int64(0)), .number(Int?.none), .number(Int64(12))], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "-5000,0,,12\n")
    }

    /// The exception list of a real reconciliation, with hostile text where a bank file or a device can put
    /// it (issuer, terminal, bill number, reason) and a negative amount.
    @Test("the exceptions CSV defuses hostile text and keeps negative amounts numeric")
    func exceptionsCSV() throws {
        let profile = try SettlementProfile.load(contentsOf: try fixture("csv/bank-papua.json"))
        let file = try SettlementCSVReader(profile: profile).read(path: try fixture("csv/bank-papua.csv").path)
        let invoices = try InvoiceCSVReader().read(path: try fixture("csv/invoices.csv").path)
        let options = Reconciler.Options(
            schedule: MDRSchedule(flatBasisPoints: 30), calendar: HolidayCalendar(), settlementDays: 1,
            utcOffsetSeconds: profile.utcOffsetSeconds)
        let result = Reconciler(options: options).reconcile(file, against: invoices)
        var hostile = try #require(result.exceptions.first)
        hostile.issuer = "=HYPERLINK(\"http://evil\",\"OVO\")"
        hostile.terminalID = "\t@SUM(A1)"
        hostile.billNumber = "-1+1"
        hostile.reason = "\r+cmd"
        hostile.settledAmount = Rupiah(-15000)
        hostile.line = 7
        let report = ReconciliationReport(
            result: result, summary: ReconciliationSummary(result), exceptions: [hostile])
        let text = String(decoding: report.render(.csv), as: UTF8.self)
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"OVO\"\")\","), "\(text)")
        #expect(text.contains(",\"'\t@SUM(A1)\","))
        #expect(text.contains(",\"'-1+1\","))
        #expect(text.contains(",\"'\r+cmd\",7,"))
        #expect(text.contains(",-15000,"))
        // No record line begins a cell with a trigger outside quotes.
        let cells = text.split(separator: "\n").dropFirst().flatMap { $0.split(separator: ",") }
        for cell in cells where !cell.hasPrefix("\"") {
            let first = cell.utf8.first!
            if first == UInt8(ascii: "-") {
                #expect(Int64(cell) != nil, "unquoted \(cell) is not a number")
            } else {
                #expect(!CSVCell.formulaTriggers.contains(first), "unquoted \(cell)")
            }
        }
    }
}
