/// An open-addressing hash table of byte strings, each given a dense integer id in insertion order.
///
/// Used to intern bill numbers, reference labels, RRNs and the low-cardinality labels (zone, terminal,
/// issuer) without creating a `String` per CSV field. Keys live in one byte arena.
struct ByteKeyTable: Sendable {
    private(set) var arena: [UInt8] = []
    private var offsets: [UInt32] = [0]
    private var hashes: [UInt32] = []
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int = 16, expectedBytes: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        hashes.reserveCapacity(expectedCount)
        offsets.reserveCapacity(expectedCount + 1)
        arena.reserveCapacity(expectedBytes)
    }

    /// The number of distinct keys.
    var count: Int { hashes.count }

    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        // FNV-1a, 64-bit, folded; keys are short (bill numbers, ids).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = Int(offsets[id])
        let end = Int(offsets[id + 1])
        if end - start != key.count { return false }
        return arena.withUnsafeBytes { bytes in
            key.count == 0 || memcmpBytes(bytes.baseAddress! + start, key.baseAddress!, key.count)
        }
    }

    /// The id of `key`, if present.
    func find(_ key: UnsafeRawBufferPointer) -> Int32? {
        let h = Self.hash(key)
        var slot = Int(h) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == h, equals(Int(id), key) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, inserting it when new.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer) -> (id: Int32, inserted: Bool) {
        let h = Self.hash(key)
        var slot = Int(h) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h, equals(Int(id), key) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: key)
        offsets.append(UInt32(arena.count))
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return (id, true)
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
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<hashes.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// The key with `id` as a `String` (for reports).
    func string(_ id: Int32) -> String {
        let start = Int(offsets[Int(id)])
        let end = Int(offsets[Int(id) + 1])
        return String(decoding: arena[start..<end], as: UTF8.self)
    }
}

@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
