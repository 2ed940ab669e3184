import QRIS
import Testing

@Suite struct DynamicTests {
    @Test func makesADynamicPayloadFromTheStaticOne() throws {
        let source = try Fixtures.sample("static")
        let text = try QRISPayload.makeDynamic(
            fromStatic: source, amount: 25000, billNumber: "INV-2026-000123", referenceLabel: "REF123",
            terminalLabel: "HH-07")
        let payload = try QRISPayload(parsing: text)
        #expect(payload.isDynamic)
        #expect(payload.value("54") == "25000")
        #expect(payload.billNumber == "INV-2026-000123")
        #expect(payload.referenceLabel == "REF123")
        #expect(payload.terminalLabel == "HH-07")
        #expect(payload.nmid == "ID1026000000001")
        #expect(QRISPayload.validate(text, options: .init(strict: true)).isEmpty)
        let tags = payload.dataObjects.map(\.tag)
        #expect(tags == [0, 1, 26, 51, 52, 53, 54, 58, 59, 60, 61, 62, 63])
        #expect(payload.dataObjects.first { $0.tag == 62 }?.children.map(\.tag) == [1, 5, 7])
    }

    @Test func keepsOtherAdditionalDataAndOnlyTouchesWhatItMust() throws {
        let text = try QRISPayload.makeDynamic(fromStatic: Fixtures.sample("static"), amount: 2000, billNumber: "B1")
        let payload = try QRISPayload(parsing: text)
        #expect(payload.terminalLabel == "A01")
        #expect(payload.referenceLabel == nil)
        #expect(payload.value("26.01") == "936099990000012345")
    }

    @Test func convertingTwiceReplacesAmountAndFees() throws {
        var builder = BuilderTests.demo()
        builder.tip = .fixed(1000)
        let withFee = try builder.build()
        let first = try QRISPayload.makeDynamic(fromStatic: withFee, amount: 5000, billNumber: "A")
        let second = try QRISPayload.makeDynamic(fromStatic: first, amount: 7000, billNumber: "B")
        let payload = try QRISPayload(parsing: second)
        #expect(payload.nodes.filter { $0.depth == 0 && $0.tag == 54 }.count == 1)
        #expect(payload.value("54") == "7000")
        #expect(payload.value("55") == nil && payload.value("56") == nil)
        #expect(payload.billNumber == "B")
        #expect(payload.validate().isEmpty)
    }

    @Test func neverRewritesLookalikeTextInsideOtherFields() throws {
        // A naive string replacement of "010211" would also hit the merchant ID and the name.
        var builder = BuilderTests.demo()
        builder.accounts[0].merchantID = "010211"
        builder.merchantName = "TOKO 010211 5802ID"
        let text = try QRISPayload.makeDynamic(fromStatic: builder.build(), amount: 1500, billNumber: "X")
        let payload = try QRISPayload(parsing: text)
        #expect(payload.value("26.02") == "010211")
        #expect(payload.merchantName == "TOKO 010211 5802ID")
        #expect(payload.pointOfInitiation == "12")
    }

    @Test func refusesASourceWithABadCRC() throws {
        let source = try Fixtures.sample("static")
        let corrupted = String(source.dropLast(4)) + "0000"
        let error = try #require(throws: QRISError.self) {
            try QRISPayload.makeDynamic(fromStatic: corrupted, amount: 1000, billNumber: "X")
        }
        #expect(error.code == .crcMismatch)
    }

    @Test(arguments: [(Int64(0), "amount.zero"), (-5, "amount.zero"), (10_000_001, "amount.aboveCap")])
    func refusesBadAmounts(_ amount: Int64, _ code: String) throws {
        let error = try #require(throws: QRISError.self) {
            try QRISPayload.makeDynamic(fromStatic: Fixtures.sample("static"), amount: amount, billNumber: "X")
        }
        #expect(error.code.rawValue == code)
    }

    @Test func refusesLabelsThatDoNotFit() throws {
        let source = try Fixtures.sample("static")
        let long = try #require(throws: QRISError.self) {
            try QRISPayload.makeDynamic(fromStatic: source, amount: 1, billNumber: String(repeating: "1", count: 26))
        }
        #expect(long.code == .tagLength && long.path == "62.01")
        let accent = try #require(throws: QRISError.self) {
            try QRISPayload.makeDynamic(fromStatic: source, amount: 1, billNumber: "1", referenceLabel: "Réf")
        }
        #expect(accent.code == .charsetANS)
    }
}
