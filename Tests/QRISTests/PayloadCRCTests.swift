import LunasTestSupport
import QRIS
import Testing

@Suite("The CRC of a parsed payload: expectedCRC, hasMatchingCRC, sealing")
struct PayloadCRCTests {
    @Test func encodedTreesCarryTheirExpectedCRC() throws {
        var rng = SeededGenerator(seed: 2_026_1206)
        for _ in 0..<1000 {
            let text = try QRISDataObject.encode(RandomTrees.tree(&rng))
            let payload = try QRISPayload(parsing: text)
            #expect(payload.expectedCRC == String(text.suffix(4)))
            #expect(payload.hasMatchingCRC)
            #expect(QRISPayload.sealing(String(text.dropLast(4))) == text)
        }
    }

    @Test func agreesWithTheValidatorOnMutatedPayloads() throws {
        var rng = SeededGenerator(seed: 77)
        let properties = PropertyTests()
        var checked = 0
        for _ in 0..<5000 {
            var bytes = Array(try QRISDataObject.encode(RandomTrees.tree(&rng)).utf8)
            properties.mutate(&bytes, &rng)
            guard let payload = try? QRISPayload(parsingBytes: bytes) else { continue }
            checked += 1
            // The validator reports crc.mismatch exactly when tag 63 is a 4-digit hex CRC that differs.
            let codes = payload.validate(.init(profile: .emvco)).map(\.code)
            if payload.expectedCRC != nil, !codes.contains(.crcFormat), !codes.contains(.crcNotLast) {
                #expect(payload.hasMatchingCRC == !codes.contains(.crcMismatch), "\(payload.encoded)")
            }
            if payload.hasMatchingCRC { #expect(properties.crcMatches(payload), "\(payload.encoded)") }
        }
        #expect(checked > 500)
    }

    @Test func emvcoAnnexBIsCheckedOverUTF8() throws {
        let payload = try QRISPayload(parsing: try Fixtures.sample("emvcoAnnexB"))
        #expect(payload.expectedCRC == "A13A")
        #expect(payload.hasMatchingCRC)
    }

    @Test func aLowerCaseCRCMatches() throws {
        let sealed = QRISPayload.sealing("000201010211" + "5802ID" + "6304")
        let lower = String(sealed.dropLast(4)) + sealed.suffix(4).lowercased()
        #expect(try QRISPayload(parsing: lower).hasMatchingCRC)
    }

    @Test(
        "no CRC object, a CRC that is not last or not 4 characters, or a wrong CRC",
        arguments: [
            ("000201010211", false, false),
            ("00020101021163041234" + "5802ID", false, false),
            ("000201010211" + "630512345", false, false),
            ("000201010211" + "63040000", true, false),
        ])
    func refusals(_ text: String, hasExpectation: Bool, matches: Bool) throws {
        let payload = try QRISPayload(parsing: text)
        #expect((payload.expectedCRC != nil) == hasExpectation)
        #expect(payload.hasMatchingCRC == matches)
    }

    @Test func trailingWhitespaceIsNotCovered() throws {
        let sealed = QRISPayload.sealing("000201010211" + "6304")
        let payload = try QRISPayload(parsing: " " + sealed + "\n")
        #expect(payload.expectedCRC == String(sealed.suffix(4)))
        #expect(payload.hasMatchingCRC)
    }
}
