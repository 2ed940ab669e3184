/// CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740): polynomial 0x1021, initial value 0xFFFF, no
/// reflection, no final XOR. The checksum of EMVCo MPM tag 63 (EMVCo MPM 4.7.3), computed over
/// the UTF-8 bytes of every data object before the CRC value, including `6304` itself.
///
/// Check value: `CRC16.checksum("123456789".utf8) == 0x29B1`.
public enum CRC16 {
    /// One entry per byte value: the CRC register after shifting that byte through.
    static let table: [UInt16] = (0..<256).map { byte -> UInt16 in
        var crc = UInt16(byte) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }

    /// Slicing-by-8 tables, 8 × 256 entries: entry `k * 256 + i` is the register after byte `i`
    /// followed by `k` zero bytes. CRC is linear, so 8 bytes combine by XOR of 8 independent
    /// look-ups instead of a chain of 8 dependent ones.
    static let slicingTables: [UInt16] = {
        var tables = table
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = tables[(k - 1) * 256 + i]
                tables.append((previous << 8) ^ table[Int(previous >> 8)])
            }
        }
        return tables
    }()

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum($0) }) {
            return result
        }
        return checksum(Array(bytes))
    }

    /// The checksum of a contiguous byte buffer.
    public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16 {
        slicingTables.withUnsafeBufferPointer { tables in
            var crc: UInt16 = 0xFFFF
            var index = 0
            let count = bytes.count
            while count - index >= 8 {
                let b0 = bytes[index] ^ UInt8(truncatingIfNeeded: crc >> 8)
                let b1 = bytes[index + 1] ^ UInt8(truncatingIfNeeded: crc)
                crc =
                    tables[7 * 256 + Int(b0)] ^ tables[6 * 256 + Int(b1)]
                    ^ tables[5 * 256 + Int(bytes[index + 2])] ^ tables[4 * 256 + Int(bytes[index + 3])]
                    ^ tables[3 * 256 + Int(bytes[index + 4])] ^ tables[2 * 256 + Int(bytes[index + 5])]
                    ^ tables[256 + Int(bytes[index + 6])] ^ tables[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc << 8) ^ tables[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ bytes[index])]
                index += 1
            }
            return crc
        }
    }

    /// The checksum as the 4 upper-case hexadecimal digits that EMVCo tag 63 carries.
    public static func hexString(_ crc: UInt16) -> String {
        String(decoding: hexDigits(crc), as: UTF8.self)
    }

    /// The 4 upper-case hexadecimal ASCII digits of `crc`.
    static func hexDigits(_ crc: UInt16) -> [UInt8] {
        [hexDigit(crc >> 12), hexDigit(crc >> 8), hexDigit(crc >> 4), hexDigit(crc)]
    }

    @inline(__always)
    static func hexDigit(_ value: UInt16) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value & 0xF)
        return nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }
}
