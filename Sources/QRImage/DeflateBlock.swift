/// One final deflate block holding ``ScanlineDeflater``'s tokens (RFC 1951 §3.2.5–3.2.7): dynamic
/// Huffman codes built for the tokens, or the fixed codes when a dynamic code would need more
/// than 15 bits.
enum DeflateBlock {
    /// First length of each length code 257–285 and its number of extra bits.
    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    /// First distance of each distance code 0–29 and its number of extra bits.
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which the code-length code's lengths are sent.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// `lengthIndex[length - 3]`: the index into ``lengthBase`` (the code minus 257).
    static let lengthIndex: [UInt8] = (3...258).map { length in
        UInt8(lengthBase.lastIndex { $0 <= length }!)
    }

    @inline(__always)
    static func distanceIndex(_ distance: Int) -> Int {
        if distance <= 4 { return distance - 1 }
        let value = distance - 1
        let bits = Int.bitWidth - 1 - value.leadingZeroBitCount
        return 2 * bits + ((value >> (bits - 1)) & 1)
    }

    static func write(_ tokens: [UInt32], to writer: inout DeflateBitWriter) {
        var literalCounts = [Int](repeating: 0, count: 286)
        var distanceCounts = [Int](repeating: 0, count: 30)
        for token in tokens {
            if token < 256 {
                literalCounts[Int(token)] += 1
            } else {
                literalCounts[257 + Int(lengthIndex[Int(token >> 16 & 0x1FF) - 3])] += 1
                distanceCounts[distanceIndex(Int(token & 0xFFFF))] += 1
            }
        }
        literalCounts[256] = 1
        if distanceCounts.allSatisfy({ $0 == 0 }) { distanceCounts[0] = 1 }

        let literalLengths = HuffmanLengths.build(literalCounts, limit: 15)
        let distanceLengths = HuffmanLengths.build(distanceCounts, limit: 15)
        guard let literalLengths, let distanceLengths,
            let header = DynamicHeader(literalLengths: literalLengths, distanceLengths: distanceLengths)
        else {
            writer.write(0b011, bits: 3)  // final block, fixed codes
            writeTokens(
                tokens, literal: HuffmanLengths.fixedLiteral, distance: HuffmanLengths.fixedDistance, to: &writer)
            return
        }
        writer.write(0b101, bits: 3)  // final block, dynamic codes
        header.write(to: &writer)
        writeTokens(
            tokens, literal: HuffmanLengths.codes(literalLengths), distance: HuffmanLengths.codes(distanceLengths),
            to: &writer)
    }

    /// Writes the tokens and the end-of-block code; `literal` and `distance` are (code, length)
    /// pairs with the code already bit-reversed.
    private static func writeTokens(
        _ tokens: [UInt32], literal: [(code: UInt32, length: Int)], distance: [(code: UInt32, length: Int)],
        to writer: inout DeflateBitWriter
    ) {
        for token in tokens {
            if token < 256 {
                let code = literal[Int(token)]
                writer.write(code.code, bits: code.length)
                continue
            }
            let length = Int(token >> 16 & 0x1FF)
            let lengthCode = Int(lengthIndex[length - 3])
            let symbol = literal[257 + lengthCode]
            writer.write(symbol.code, bits: symbol.length)
            if lengthExtra[lengthCode] > 0 {
                writer.write(UInt32(length - lengthBase[lengthCode]), bits: lengthExtra[lengthCode])
            }
            let distanceValue = Int(token & 0xFFFF)
            let distanceCode = distanceIndex(distanceValue)
            let distanceSymbol = distance[distanceCode]
            writer.write(distanceSymbol.code, bits: distanceSymbol.length)
            if distanceExtra[distanceCode] > 0 {
                writer.write(UInt32(distanceValue - distanceBase[distanceCode]), bits: distanceExtra[distanceCode])
            }
        }
        let end = literal[256]
        writer.write(end.code, bits: end.length)
    }
}
