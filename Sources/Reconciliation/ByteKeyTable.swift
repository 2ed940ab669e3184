import Foundation

/// An open-addressing hash table of byte strings, each given a dense integer id in insertion order.
///
/// Used to intern bill numbers, reference labels, RRNs and the low-cardinality labels (zone, terminal,
/// issuer) without creating a `String` per CSV field. Keys live in one byte arena. Each slot packs the
/// key's id and hash into one word, so a probe touches one cache line until the hashes agree; then keys of
/// up to 16 bytes (bill numbers, RRNs, labels: nearly all) are compared as two words kept per id, without
/// reading the arena.
struct ByteKeyTable: Sendable {
    private(set) var arena: [UInt8] = []
    private var offsets: [UInt32] = [0]
    /// Per id: the key's first 16 bytes zero-padded (two words), then `count << 32 | hash`.
    private var words: [UInt64] = []
    /// 0 = empty, else `(id + 1) << 32 | hash`.
    private var slots: [UInt64]
    private var mask: Int

    init(expectedCount: Int = 16, expectedBytes: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Self.zeroedSlots(capacity)
        mask = capacity - 1
        words.reserveCapacity(expectedCount * 3)
        offsets.reserveCapacity(expectedCount + 1)
        arena.reserveCapacity(expectedBytes)
    }

    /// The number of distinct keys.
    var count: Int { words.count / 3 }

    /// The key's first 16 bytes as two little-endian words, zero-padded.
    @inline(__always)
    static func prefix(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        guard let base = key.baseAddress else { return (0, 0) }
        let n = key.count
        if n >= 16 {
            return (base.loadUnaligned(as: UInt64.self), base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        func partial(_ from: Int, _ to: Int) -> UInt64 {
            var word: UInt64 = 0
            var i = to - 1
            while i >= from {
                word = word << 8 | UInt64(base.load(fromByteOffset: i, as: UInt8.self))
                i -= 1
            }
            return word
        }
        if n >= 8 { return (base.loadUnaligned(as: UInt64.self), partial(8, n)) }
        return (partial(0, n), 0)
    }

    /// A fast multiplicative hash over 8-byte words (keys are short: bill numbers, ids, labels).
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer, prefix: (UInt64, UInt64)) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        mix(prefix.0)
        mix(prefix.1)
        if key.count > 16, let base = key.baseAddress {
            var i = 16
            let n = key.count
            while i + 8 <= n {
                mix(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            mix(word)
        }
        h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// A hash of `key` (tests and callers that need one).
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 { hash(key, prefix: prefix(key)) }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeRawBufferPointer, _ prefix: (UInt64, UInt64)) -> Bool {
        let meta = words.withUnsafeBufferPointer { w in (w[3 * id], w[3 * id + 1], w[3 * id + 2]) }
        guard meta.2 >> 32 == UInt64(key.count), meta.0 == prefix.0, meta.1 == prefix.1 else { return false }
        if key.count <= 16 { return true }
        let start = Int(offsets[id])
        return arena.withUnsafeBytes { bytes in
            memcmp(bytes.baseAddress! + start + 16, key.baseAddress! + 16, key.count - 16) == 0
        }
    }

    /// The slot holding `key`, or the empty slot where it would go, its hash and prefix.
    @inline(__always)
    private func probe(_ key: UnsafeRawBufferPointer) -> (slot: Int, hash: UInt32, id: Int32?, prefix: (UInt64, UInt64))
    {
        let p = Self.prefix(key)
        let h = Self.hash(key, prefix: p)
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(h) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, h, nil, p) }
                if UInt32(truncatingIfNeeded: entry) == h {
                    let id = Int(entry >> 32) - 1
                    if equals(id, key, p) { return (slot, h, Int32(id), p) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id of `key`, if present.
    func find(_ key: UnsafeRawBufferPointer) -> Int32? { probe(key).id }

    /// The id of `key`, inserting it when new.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (id: Int32, inserted: Bool) {
        let (slot, h, found, p) = probe(key)
        if let found { return (found, false) }
        let id = count
        words.append(p.0)
        words.append(p.1)
        words.append(UInt64(key.count) << 32 | UInt64(h))
        arena.append(contentsOf: key)
        offsets.append(UInt32(arena.count))
        slots[slot] = UInt64(id + 1) << 32 | UInt64(h)
        if count * 2 > slots.count { grow() }
        return (Int32(id), true)
    }

    /// Inserts a `String` key.
    @discardableResult
    mutating func insert(_ key: String) -> (id: Int32, inserted: Bool) {
        var key = key
        return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    /// Finds a `String` key.
    func find(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    /// A zeroed slot array. Large ones (a million bill numbers: 32 MiB) ask the kernel for huge pages before
    /// they are first touched: every probe is a random access, and with 4 KiB pages most of them also miss
    /// the TLB. A hint only (`madvise`); where it is refused, normal pages are used.
    static func zeroedSlots(_ capacity: Int) -> [UInt64] {
        guard capacity >= 1 << 18 else { return Array(repeating: 0, count: capacity) }
        return Array(unsafeUninitializedCapacity: capacity) { buffer, count in
            let page = 2 << 20
            let start = (Int(bitPattern: buffer.baseAddress!) + page - 1) & ~(page - 1)
            let end = (Int(bitPattern: buffer.baseAddress! + capacity)) & ~(page - 1)
            if end > start {
                _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14)  // MADV_HUGEPAGE
            }
            buffer.initialize(repeating: 0)
            count = capacity
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Self.zeroedSlots(capacity)
        mask = capacity - 1
        for id in 0..<count {
            let h = UInt32(truncatingIfNeeded: words[3 * id + 2])
            var slot = Int(h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(id + 1) << 32 | UInt64(h)
        }
    }

    /// The key with `id` as a `String` (for reports).
    func string(_ id: Int32) -> String {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        return String(decoding: arena[start..<end], as: UTF8.self)
    }
}
