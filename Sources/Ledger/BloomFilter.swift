/// A set of strings that may answer "perhaps" for a string never added, but never "no" for one
/// that was: ``ReplayMap`` asks it before looking a key up in its spill, so that the common
/// question of the replay, "is this new id really new?", costs no disk read.
///
/// It grows by adding filters of twice the capacity when the last one is full (a scalable Bloom
/// filter), so its size follows what was added: about 10 bits per string, with some 1 % of false
/// "perhaps" per filter. Hashes are Swift's `Hasher` (seeded per process): the filter lives for one
/// replay and is never stored.
struct BloomFilter {
    private struct Layer {
        var bits: [UInt64]
        let mask: Int
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            let wanted = max(64, capacity * 10)
            var size = 64
            while size < wanted { size <<= 1 }
            bits = [UInt64](repeating: 0, count: size / 64)
            mask = size - 1
            self.capacity = capacity
        }

        mutating func insert(_ hashes: (Int, Int)) {
            for probe in 0..<BloomFilter.probes {
                let bit = (hashes.0 &+ probe &* hashes.1) & mask
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            count += 1
        }

        func mayContain(_ hashes: (Int, Int)) -> Bool {
            for probe in 0..<BloomFilter.probes {
                let bit = (hashes.0 &+ probe &* hashes.1) & mask
                if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            }
            return true
        }
    }

    private static let probes = 7
    private var layers: [Layer]

    /// An empty filter whose first layer holds `capacity` strings.
    init(capacity: Int = 1 << 16) {
        layers = [Layer(capacity: capacity)]
    }

    private static func hashes(_ key: String) -> (Int, Int) {
        var first = Hasher()
        first.combine(key)
        var second = Hasher()
        second.combine(0x9E37_79B9)
        second.combine(key)
        return (first.finalize(), second.finalize() | 1)
    }

    /// Adds `key`.
    mutating func insert(_ key: String) {
        if layers[layers.count - 1].count >= layers[layers.count - 1].capacity {
            layers.append(Layer(capacity: layers[layers.count - 1].capacity * 2))
        }
        layers[layers.count - 1].insert(Self.hashes(key))
    }

    /// False when `key` was certainly never added.
    func mayContain(_ key: String) -> Bool {
        let hashes = Self.hashes(key)
        return layers.contains { $0.mayContain(hashes) }
    }
}
