import QRIS
import Testing

@Suite struct SummaryTests {
    @Test func summarisesWhatThePayerSees() throws {
        var builder = BuilderTests.demo()
        builder.initiation = .dynamicCode
        builder.amount = 25000
        builder.tip = .fixed(1500)
        builder.additionalData.billNumber = "INV-7"
        builder.accounts[0].guid = "ID.CO.BRI.WWW"
        let summary = QRISSummary(try QRISPayload(parsing: builder.build()))
        #expect(summary.merchantName == "PARKIR DEMO KOTA")
        #expect(summary.nmid == "ID1026000000001")
        #expect(summary.amount == "Rp25.000")
        #expect(summary.fee == "fixed convenience fee Rp1.500")
        #expect(summary.billNumber == "INV-7")
        #expect(summary.initiation == "dynamic")
        #expect(summary.acquirers.map(\.name) == ["BRI", "national repository (QRIS)"])
        #expect(summary.lines.contains("Merchant: PARKIR DEMO KOTA, AMBON"))
        #expect(
            summary.lines.contains(
                "Account 26: BRI (ID.CO.BRI.WWW), MPAN 936099990000012345, merchant ID DEMO000012345, criteria UMI"))
    }

    @Test func staticCodeAsksThePayerForTheAmount() throws {
        let summary = QRISSummary(try QRISPayload(parsing: Fixtures.sample("static")))
        #expect(summary.amount == nil)
        #expect(summary.lines.contains("Amount: entered by the payer"))
        #expect(summary.acquirers.first?.name == nil)
    }

    @Test(arguments: [("25000", 25000, 0), ("25000.", 25000, 0), ("100003.00", 100_003, 0), ("7.5", 7, 50)])
    func amountsParseToIntegerRupiahAndSen(_ text: String, _ rupiah: Int64, _ sen: Int) throws {
        let amount = try #require(QRISAmount(text))
        #expect(amount.rupiah == rupiah && amount.sen == sen)
        #expect(amount.wholeRupiah == (sen == 0 ? rupiah : nil))
    }

    @Test func displayUsesIndonesianGrouping() {
        #expect(QRISAmount(rupiah: 10_000_000).displayText == "Rp10.000.000")
        #expect(QRISAmount(rupiah: 7, sen: 5).displayText == "Rp7,05")
    }
}
