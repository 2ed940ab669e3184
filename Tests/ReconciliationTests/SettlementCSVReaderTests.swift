import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Reconciliation

@Suite struct SettlementCSVReaderTests {
    @Test func readsTheRegionalBankExport() throws {
        let profile = try SettlementProfile.load(contentsOf: try fixture("csv/bank-papua.json"))
        let file = try SettlementCSVReader(profile: profile).read(path: try fixture("csv/bank-papua.csv").path)
        #expect(file.rows.count == 5)
        let first = file.rows[0]
        #expect(first.line == 4)
        #expect(first.rrn == "000000000001")
        #expect(first.issuer == "GOPAY; PT \"Gojek\"")
        #expect(first.billNumber == "PKR000000001")
        #expect(first.grossAmount == Rupiah(5000))
        #expect(first.feeAmount == Rupiah(15))
        #expect(first.netAmount == Rupiah(4985))
        // 08/07/2025 08:00:00 WIB (UTC+7) = 2025-07-08T01:00:00Z.
        #expect(first.transactionTime == 1_751_936_400)
        #expect(first.settlementDate == CivilDate(year: 2025, month: 7, day: 9))
        #expect(file.rows[1].grossAmount == Rupiah(1_000_000))
        #expect(file.rows[2].billNumber == nil)
        #expect(file.rows[2].referenceLabel == "REF3")
        #expect(file.rows[2].grossAmount == Rupiah(2000))
        #expect(file.rows[3].line == 7)
        #expect(file.rows[3].issuer == "multi\r\nline issuer")
        #expect(file.rows[4].line == 9)
        #expect(file.rows[4].status == .reversal)
        #expect(file.rows[4].grossAmount == Rupiah(-1_000_000))
        #expect(file.sha256.count == 64)
        #expect(file.acquirer == "Bank Papua")
    }

    /// Writes a generator-profile file with one line replaced and returns the error.
    func errorFor(_ row: String) throws -> ReconciliationError? {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header =
            "trx_datetime,settlement_date,rrn,nmid,mpan,terminal_id,issuer_name,customer_pan_masked,customer_name,bill_number,reference_label,gross_amount,mdr_amount,net_amount,status"
        let good =
            "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,SUCCESS"
        let path = try write([header, good, good, row, good].joined(separator: "\n") + "\n", to: "s.csv", in: dir)
        return expectReconciliationError {
            _ = try SettlementCSVReader(profile: try generatorProfile()).read(path: path)
        }
    }

    @Test func badValuesNameLineColumnAndValue() throws {
        let cases: [(row: String, column: Int, field: String, value: String)] = [
            (
                "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5.000,15,4985,SUCCESS",
                12, "grossAmount", "5.000"
            ),
            (
                "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000.50,15,4985,SUCCESS",
                12, "grossAmount", "5000.50"
            ),
            (
                "2025-02-30 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,SUCCESS",
                1, "transactionTime", "2025-02-30 08:00:00"
            ),
            (
                "2025-07-08 08:00:00,09-07-2025,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,SUCCESS",
                2, "settlementDate", "09-07-2025"
            ),
            (
                "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,PENDING",
                15, "status", "PENDING"
            ),
            (
                "2025-07-08 08:00:00,2025-07-09,,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,SUCCESS", 3, "rrn",
                ""
            ),
            (
                "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,x,4985,SUCCESS",
                13, "feeAmount", "x"
            ),
            (
                "2025-07-08 08:00:00,2025-07-09,100000000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,-5000,15,4985,SUCCESS",
                12, "grossAmount", "-5000"
            ),
        ]
        for c in cases {
            let error = try errorFor(c.row)
            #expect(error?.code == .csvBadValue)
            #expect(error?.position?.line == 4, "\(c.row)")
            #expect(error?.position?.column == c.column, "\(c.row)")
            #expect(error?.field == c.field)
            #expect(error?.value == c.value)
            #expect(error?.message.contains("line 4, column \(c.column)") == true, "\(error?.message ?? "")")
        }
    }

    @Test func structuralErrorsNameTheLine() throws {
        let short = try errorFor("2025-07-08 08:00:00,2025-07-09,100000000001")
        #expect(short?.code == .csvMalformed)
        #expect(short?.position?.line == 4)
        let quote = try errorFor(
            "2025-07-08 08:00:00,2025-07-09,1000\"00000001,ID1,9360,T1,OVO,9360****1,A,PKR1,REF1,5000,15,4985,SUCCESS")
        #expect(quote?.code == .csvMalformed)
        #expect(quote?.position?.line == 4)
        #expect(quote?.position?.column == 3)
        let unclosed = try errorFor("\"2025-07-08 08:00:00,2025-07-09")
        #expect(unclosed?.code == .csvMalformed)
    }

    @Test func missingHeaderColumnIsNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(
            "trx_datetime,settlement_date,rrn\n2025-07-08 08:00:00,2025-07-09,1\n", to: "s.csv", in: dir)
        let error = expectReconciliationError {
            _ = try SettlementCSVReader(profile: try generatorProfile()).read(path: path)
        }
        #expect(error?.field == "nmid")
        #expect(error?.position?.line == 1)
    }

    @Test func amountFormats() {
        let plain: [(String, Int64?)] = [
            ("1000000", 1_000_000), ("1000000.00", 1_000_000), ("1000000.0", 1_000_000), ("0", 0), ("-2500", -2500),
            ("1.000.000", nil), ("1000000.01", nil), ("1000000.000", nil), ("", nil), ("12a", nil), ("1e6", nil),
            ("1000000,00", nil), (" 5", nil), ("1234567890123456", nil), ("999999999999", 999_999_999_999),
            ("1000000000000", nil),
        ]
        for (text, value) in plain { #expect(AmountFormat.plain.parse(text) == value, "\(text)") }
        let comma: [(String, Int64?)] = [
            ("1.000.000,00", 1_000_000), ("1000000,00", 1_000_000), ("1.000", 1000), ("999", 999),
            ("12.345.678", 12_345_678),
            ("-1.000,00", -1000), ("1.00.000", nil), ("1000.000", nil), ("1.000.000,50", nil), ("1.000.", nil),
            (".000", nil), ("1.000.000.00", nil),
        ]
        for (text, value) in comma { #expect(AmountFormat.decimalComma.parse(text) == value, "\(text)") }
    }

    /// Property: any whole amount written in either format reads back unchanged.
    @Test func amountRoundTrip() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let value = Int64(rng.next() % 1_000_000_000_000)
            #expect(AmountFormat.plain.parse(String(value)) == value)
            #expect(AmountFormat.plain.parse("\(value).00") == value)
            let dotted = Rupiah(value).formatted.dropFirst(2)  // "Rp1.000" → "1.000"
            #expect(AmountFormat.decimalComma.parse("\(dotted),00") == value)
            #expect(AmountFormat.decimalComma.parse(String(dotted)) == value)
        }
    }

    @Test func timestampFormats() throws {
        let format = try TimestampFormat("dd/MM/yyyy HH:mm")
        #expect(format.parseLocalSeconds("01/01/1970 00:01") == 60)
        #expect(format.parseLocalSeconds("29/02/2024 23:59") != nil)
        #expect(format.parseLocalSeconds("29/02/2025 23:59") == nil)
        #expect(format.parseLocalSeconds("01/13/2025 10:00") == nil)
        #expect(format.parseLocalSeconds("01/01/2025 24:00") == nil)
        #expect(format.parseLocalSeconds("1/01/2025 10:00") == nil)
        #expect(throws: ReconciliationError.self) { try TimestampFormat("HH:mm") }
    }

    /// Property: civil dates round-trip through day counts and weekdays advance by one.
    @Test func civilDateRoundTrip() throws {
        for day in stride(from: -800_000, through: 2_900_000, by: 997) {
            let date = CivilDate(daysSince1970: day)
            let (y, m, d) = date.components
            guard (1...9999).contains(y) else { continue }
            let again = try #require(CivilDate(year: y, month: m, day: d))
            #expect(again == date)
            #expect(date.adding(days: 1).weekday.previous == date.weekday)
        }
        #expect(CivilDate(year: 2025, month: 7, day: 8)?.weekday == .tuesday)  // a Tuesday
        #expect(CivilDate(iso8601: "2025-07-08")?.description == "2025-07-08")
    }
}
