import LunasTestSupport
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

extension CRC16Tests {
    /// The bit-by-bit definition, for comparing the table-driven (slicing-by-8) implementation.
    static func bitwise(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }

    @Test func matchesTheBitwiseDefinitionOnEveryLength() {
        var rng = SeededGenerator(seed: 7)
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(CRC16.checksum(bytes) == Self.bitwise(bytes))
        }
    }
}
