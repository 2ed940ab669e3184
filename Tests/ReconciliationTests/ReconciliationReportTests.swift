import Ledger
import Foundation
import Testing

@testable import Reconciliation

@Suite struct ReconciliationReportTests {
    func regionalBankResult() throws -> ReconciliationResult {
        let profile = try SettlementProfile.load(contentsOf: try fixture("csv/bank-papua.json"))
        let file = try SettlementCSVReader(profile: profile).read(path: try fixture("csv/bank-papua.csv").path)
        let invoices = try InvoiceCSVReader().read(path: try fixture("csv/invoices.csv").path)
        let options = Reconciler.Options(
            schedule: MDRSchedule(flatBasisPoints: 30), calendar: HolidayCalendar(), settlementDays: 1,
            utcOffsetSeconds: profile.utcOffsetSeconds)
        return Reconciler(options: options).reconcile(file, against: invoices)
    }

    @Test func regionalBankExportReconciles() throws {
        let result = try regionalBankResult()
        #expect(result.rowCategories == [.matched, .matched, .matched, .duplicatePayment, .reversal])
        #expect(result.invoiceCategories == [nil, nil, nil, .unpaidInvoice])
    }

    @Test func jsonHasCountsForEveryCategoryAndGrossTotals() throws {
        let report = ReconciliationReport(result: try regionalBankResult(), importDecision: .new)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json())) as? [String: Any])
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(Set(counts.keys) == Set(SettlementCategory.allCases.map(\.rawValue)))
        #expect(counts["matched"] == 3)
        #expect(counts["duplicate_payment"] == 1)
        #expect(counts["reversal"] == 1)
        #expect(counts["unpaid_invoice"] == 1)
        let totals = try #require(json["totals"] as? [String: Any])
        #expect(totals["gross"] as? Int == 5000 + 1_000_000 + 2000 + 5000 - 1_000_000)
        #expect(totals["mdr"] as? Int == 15 + 3000 + 6 + 15 - 3000)
        #expect((json["import"] as? [String: Any])?["status"] as? String == "new")
        let zones = try #require(json["byZone"] as? [[String: Any]])
        #expect(zones.map { $0["key"] as? String } == ["ZONA-01", "ZONA-02"])
        let exceptions = try #require(json["exceptions"] as? [[String: Any]])
        #expect(exceptions.count == 3)
        #expect(exceptions.first?["line"] as? Int == 7)
        let byZoneHour = try #require(json["revenueByZoneHour"] as? [String: [Int]])
        #expect(byZoneHour["ZONA-01"]?[8] == 5000)  // 08:00 WIB
    }

    @Test func csvListsEveryException() throws {
        let report = ReconciliationReport(result: try regionalBankResult())
        let text = String(decoding: report.exceptionsCSV(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("category,reason,line,rrn,bill_number"))
        #expect(lines[1].hasPrefix("duplicate_payment,"))
        #expect(
            lines[3].hasPrefix(
                "unpaid_invoice,issued, no settlement row".replacingOccurrences(of: "issued, no", with: "\"issued, no"))
        )
    }

    @Test func csvDefusesFormulas() {
        var out: [UInt8] = []
        CSVCell.text("=HYPERLINK(\"x\")").append(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"'=HYPERLINK(\"\"x\"\")\"")
    }

    @Test func htmlIsOneSelfContainedPage() throws {
        let html = ReconciliationReport(result: try regionalBankResult()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count == 3)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(html.contains("GOPAY; PT &quot;Gojek&quot;"))
        #expect(html.contains("duplicate_payment"))
    }
}
