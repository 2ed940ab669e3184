/// Huffman code lengths and canonical codes for deflate (RFC 1951 §3.2.2).
enum HuffmanLengths {
    /// Optimal code lengths for symbol counts (0 for unused symbols), or nil when the longest code
    /// would exceed `limit` bits. A single used symbol gets a 1-bit code.
    static func build(_ counts: [Int], limit: Int) -> [Int]? {
        let used = counts.indices.filter { counts[$0] > 0 }.sorted { (counts[$0], $0) < (counts[$1], $1) }
        var lengths = [Int](repeating: 0, count: counts.count)
        if used.isEmpty { return lengths }
        if used.count == 1 {
            lengths[used[0]] = 1
            return lengths
        }
        // Two queues: the leaves in ascending weight, and the merged nodes, created in ascending
        // weight too. Nodes 0..<n are leaves, n... merged; parent[] links each node upwards.
        let leafCount = used.count
        var weight = used.map { counts[$0] }
        var parent = [Int](repeating: -1, count: 2 * leafCount - 1)
        var nextLeaf = 0
        var nextMerged = leafCount
        func takeSmallest() -> Int {
            if nextLeaf < leafCount && (nextMerged >= weight.count || weight[nextLeaf] <= weight[nextMerged]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextMerged += 1
            return nextMerged - 1
        }
        for _ in 0..<(leafCount - 1) {
            let first = takeSmallest()
            let second = takeSmallest()
            parent[first] = weight.count
            parent[second] = weight.count
            weight.append(weight[first] + weight[second])
        }
        var depth = [Int](repeating: 0, count: weight.count)
        for node in stride(from: weight.count - 2, through: 0, by: -1) {
            depth[node] = depth[parent[node]] + 1
        }
        for (leaf, symbol) in used.enumerated() {
            guard depth[leaf] <= limit else { return nil }
            lengths[symbol] = depth[leaf]
        }
        return lengths
    }

    /// The canonical codes for `lengths`, bit-reversed for a least-significant-bit-first writer.
    static func codes(_ lengths: [Int]) -> [(code: UInt32, length: Int)] {
        let longest = lengths.max() ?? 0
        var countPerLength = [Int](repeating: 0, count: longest + 1)
        for length in lengths where length > 0 { countPerLength[length] += 1 }
        var next = [Int](repeating: 0, count: longest + 2)
        var code = 0
        for bits in stride(from: 1, through: longest, by: 1) {
            code = (code + countPerLength[bits - 1]) << 1
            next[bits] = code
        }
        return lengths.map { length in
            guard length > 0 else { return (0, 0) }
            let value = next[length]
            next[length] += 1
            var reversed: UInt32 = 0
            for bit in 0..<length where value >> bit & 1 != 0 { reversed |= 1 << UInt32(length - 1 - bit) }
            return (reversed, length)
        }
    }

    /// The fixed literal/length code (RFC 1951 §3.2.6).
    static let fixedLiteral = codes((0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    /// The fixed distance code: 5 bits each.
    static let fixedDistance = codes([Int](repeating: 5, count: 30))
}
