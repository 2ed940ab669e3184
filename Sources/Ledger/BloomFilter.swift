/// A set of strings that may answer "perhaps" for a string never added, but never "no" for one
/// that was: ``ReplayMap`` asks it before looking a key up in its spill, so that the common
/// question of the replay, "is this new id really new?", costs no disk read.
///
/// It grows by adding filters of twice the capacity when the last one is full (a scalable Bloom
/// filter), so its size follows what was added: 10 bits per string of each filter's capacity (at
/// most 20 per string added), with under 1 % of false "perhaps" per filter. Hashes are Swift's
/// `Hasher` (seeded per process): the filter lives for one replay and is never stored. Verify's spill
/// keeps one per sorted run too (`LedgerSQL`'s `SpillRuns`), asked with one ``Probe`` for every run.
package struct BloomFilter {
    private struct Layer {
        var bits: [UInt64]
        let size: UInt64
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            let words = max(1, (capacity * BloomFilter.bitsPerKey + 63) / 64)
            bits = [UInt64](repeating: 0, count: words)
            size = UInt64(words * 64)
            self.capacity = capacity
        }

        /// The bit of probe `probe` (double hashing, reduced to the layer's size by a multiply).
        private func position(_ hashes: (UInt64, UInt64), _ probe: UInt64) -> Int {
            Int((hashes.0 &+ probe &* hashes.1).multipliedFullWidth(by: size).high)
        }

        mutating func insert(_ hashes: (UInt64, UInt64)) {
            for probe in 0..<UInt64(BloomFilter.probes) {
                let bit = position(hashes, probe)
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            count += 1
        }

        func mayContain(_ hashes: (UInt64, UInt64)) -> Bool {
            for probe in 0..<UInt64(BloomFilter.probes) {
                let bit = position(hashes, probe)
                if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            }
            return true
        }
    }

    private static let bitsPerKey = 10
    private static let probes = 7
    private var layers: [Layer]

    /// An empty filter whose first layer holds `capacity` strings.
    package init(capacity: Int = 1 << 17) {
        layers = [Layer(capacity: max(1, capacity))]
    }

    /// A string's two hashes, computed once to ask several filters about it.
    package struct Probe {
        fileprivate let hashes: (UInt64, UInt64)

        /// The probe of `key`.
        package init(_ key: String) {
            var first = Hasher()
            first.combine(key)
            var second = Hasher()
            second.combine(0x9E37_79B9)
            second.combine(key)
            hashes = (UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())) | 1)
        }
    }

    /// Adds `key`.
    package mutating func insert(_ key: String) {
        insert(Probe(key))
    }

    /// Adds the string of `probe`.
    package mutating func insert(_ probe: Probe) {
        if layers[layers.count - 1].count >= layers[layers.count - 1].capacity {
            layers.append(Layer(capacity: layers[layers.count - 1].capacity * 2))
        }
        layers[layers.count - 1].insert(probe.hashes)
    }

    /// False when `key` was certainly never added.
    package func mayContain(_ key: String) -> Bool {
        mayContain(Probe(key))
    }

    /// False when the string of `probe` was certainly never added.
    package func mayContain(_ probe: Probe) -> Bool {
        layers.contains { $0.mayContain(probe.hashes) }
    }
}
