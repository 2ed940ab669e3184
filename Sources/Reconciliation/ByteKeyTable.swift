import Foundation

/// An open-addressing hash table of byte strings, each given a dense integer id in insertion order.
///
/// Used to intern bill numbers, reference labels, RRNs and the low-cardinality labels (zone, terminal,
/// issuer) without creating a `String` per CSV field. Keys live in one byte arena. Each slot packs the
/// key's id and hash into one word, so a probe touches one cache line until the hashes agree.
struct ByteKeyTable: Sendable {
    private(set) var arena: [UInt8] = []
    private var offsets: [UInt32] = [0]
    private var hashes: [UInt32] = []
    /// 0 = empty, else `(id + 1) << 32 | hash`.
    private var slots: [UInt64]
    private var mask: Int

    init(expectedCount: Int = 16, expectedBytes: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        hashes.reserveCapacity(expectedCount)
        offsets.reserveCapacity(expectedCount + 1)
        arena.reserveCapacity(expectedBytes)
    }

    /// The number of distinct keys.
    var count: Int { hashes.count }

    /// A fast multiplicative hash over 8-byte words (keys are short: bill numbers, ids, labels).
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return UInt32(truncatingIfNeeded: h) }
        var i = 0
        let n = key.count
        while i + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    @inline(__always)
    private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = Int(offsets[id])
        let end = Int(offsets[id + 1])
        if end - start != key.count { return false }
        if key.count == 0 { return true }
        return arena.withUnsafeBytes { bytes in memcmp(bytes.baseAddress! + start, key.baseAddress!, key.count) == 0 }
    }

    /// The slot holding `key`, or the empty slot where it would go, and its hash.
    @inline(__always)
    private func probe(_ key: UnsafeRawBufferPointer) -> (slot: Int, hash: UInt32, id: Int32?) {
        let h = Self.hash(key)
        var slot = Int(h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (slot, h, nil) }
            if UInt32(truncatingIfNeeded: entry) == h {
                let id = Int(entry >> 32) - 1
                if equals(id, key) { return (slot, h, Int32(id)) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, if present.
    func find(_ key: UnsafeRawBufferPointer) -> Int32? { probe(key).id }

    /// The id of `key`, inserting it when new.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (id: Int32, inserted: Bool) {
        let (slot, h, found) = probe(key)
        if let found { return (found, false) }
        let id = hashes.count
        hashes.append(h)
        arena.append(contentsOf: key)
        offsets.append(UInt32(arena.count))
        slots[slot] = UInt64(id + 1) << 32 | UInt64(h)
        if hashes.count * 2 > slots.count { grow() }
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

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<hashes.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(id + 1) << 32 | UInt64(hashes[id])
        }
    }

    /// The key with `id` as a `String` (for reports).
    func string(_ id: Int32) -> String {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        return String(decoding: arena[start..<end], as: UTF8.self)
    }
}
