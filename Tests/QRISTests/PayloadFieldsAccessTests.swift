import QRIS
import Testing

@Suite("Reading the identity and label fields other modules need")
struct PayloadFieldsAccessTests {
    @Test("51.02, 62.05 and 62.07 are found after multi-byte text: lengths count characters, not bytes")
    func labelsAfterNonASCII() throws {
        let text = QRISPayload.sealing(
            "000201010212" + "51370014ID.CO.QRIS.WWW0215ID1026000097126" + "5802ID" + "5912KAFÉ ☕ AMBON"
                + "6005AMBON" + "62180505REF010705T-001" + "6304")
        let payload = try QRISPayload(parsing: text)
        #expect(payload.merchantName == "KAFÉ ☕ AMBON")
        #expect(payload.nmid == "ID1026000097126")
        #expect(payload.referenceLabel == "REF01")
        #expect(payload.terminalLabel == "T-001")
        #expect(payload.billNumber == nil)
        #expect(payload.hasMatchingCRC)
    }
}
