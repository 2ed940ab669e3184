import QRIS
import Testing

@Suite struct CRC16Tests {
    @Test func catalogueCheckValue() {
        #expect(CRC16.checksum(Array("123456789".utf8)) == 0x29B1)
    }

    @Test func emptyInputIsTheInitialValue() {
        #expect(CRC16.checksum([UInt8]()) == 0xFFFF)
    }

    @Test func hexIsFourUpperCaseDigitsZeroPadded() {
        #expect(CRC16.hexString(0x007B) == "007B")
        #expect(CRC16.hexString(0xA13A) == "A13A")
    }

    @Test func annexBIsComputedOverUTF8Bytes() throws {
        // EMVCo MPM Annex B carries CJK text in tag 64; only the UTF-8 CRC gives A13A.
        let payload = try Fixtures.sample("emvcoAnnexB")
        let covered = Array(payload.utf8.dropLast(4))
        #expect(CRC16.hexString(CRC16.checksum(covered)) == "A13A")
        let utf16Units = payload.utf16.dropLast(4).map { UInt8(truncatingIfNeeded: $0) }
        #expect(CRC16.checksum(utf16Units) != 0xA13A)
    }
}
