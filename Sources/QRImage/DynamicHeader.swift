/// The header of a dynamic-Huffman deflate block (RFC 1951 §3.2.7): the two codes' lengths,
/// run-length coded with the code-length alphabet (16 = repeat the previous length 3–6 times,
/// 17 = 3–10 zeros, 18 = 11–138 zeros), itself Huffman-coded with at most 7-bit codes.
struct DynamicHeader {
    private let literalCount: Int
    private let distanceCount: Int
    /// (symbol 0–18, extra bits value) pairs.
    private let items: [(symbol: Int, extra: Int)]
    private let codeLengthLengths: [Int]

    /// Nil when the code-length code would need codes longer than 7 bits.
    init?(literalLengths: [Int], distanceLengths: [Int]) {
        literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let sequence = Array(literalLengths[0..<literalCount]) + Array(distanceLengths[0..<distanceCount])
        var items = [(symbol: Int, extra: Int)]()
        var index = 0
        while index < sequence.count {
            let length = sequence[index]
            var run = 1
            while index + run < sequence.count && sequence[index + run] == length { run += 1 }
            index += run
            if length == 0 {
                while run >= 11 {
                    let take = min(run, 138)
                    items.append((18, take - 11))
                    run -= take
                }
                if run >= 3 {
                    items.append((17, run - 3))
                    run = 0
                }
            } else {
                items.append((length, 0))
                run -= 1
                while run >= 3 {
                    let take = min(run, 6)
                    items.append((16, take - 3))
                    run -= take
                }
            }
            for _ in 0..<run { items.append((length, 0)) }
        }
        var counts = [Int](repeating: 0, count: 19)
        for item in items { counts[item.symbol] += 1 }
        // A one-symbol code would be incomplete, which inflaters refuse for this code: add a second.
        if counts.filter({ $0 > 0 }).count == 1 { counts[counts[0] > 0 ? 1 : 0] = 1 }
        guard let lengths = HuffmanLengths.build(counts, limit: 7) else { return nil }
        self.items = items
        self.codeLengthLengths = lengths
    }

    func write(to writer: inout DeflateBitWriter) {
        let ordered = DeflateBlock.codeLengthOrder.map { codeLengthLengths[$0] }
        let sent = max(4, (ordered.lastIndex { $0 > 0 } ?? 0) + 1)
        writer.write(UInt32(literalCount - 257), bits: 5)
        writer.write(UInt32(distanceCount - 1), bits: 5)
        writer.write(UInt32(sent - 4), bits: 4)
        for length in ordered[0..<sent] { writer.write(UInt32(length), bits: 3) }
        let codes = HuffmanLengths.codes(codeLengthLengths)
        for item in items {
            let code = codes[item.symbol]
            writer.write(code.code, bits: code.length)
            switch item.symbol {
            case 16: writer.write(UInt32(item.extra), bits: 2)
            case 17: writer.write(UInt32(item.extra), bits: 3)
            case 18: writer.write(UInt32(item.extra), bits: 7)
            default: break
            }
        }
    }
}
