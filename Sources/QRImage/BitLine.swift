/// One row or column of a QR symbol as a bit set: bit `i` is module `i` (dark = 1).
///
/// Three 64-bit words hold the widest symbol (version 40, 177 modules). The mask evaluator works
/// on whole lines at once with these operations instead of module by module.
struct BitLine: Equatable {
    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0

    /// The line with bits `0..<count` set.
    static func ones(_ count: Int) -> BitLine {
        func word(_ start: Int) -> UInt64 {
            let bits = min(max(count - start, 0), 64)
            return bits == 64 ? ~0 : (UInt64(1) << UInt64(bits)) &- 1
        }
        return BitLine(w0: word(0), w1: word(64), w2: word(128))
    }

    @inline(__always)
    func bit(_ index: Int) -> Bool {
        let word =
            switch index >> 6 {
            case 0: w0
            case 1: w1
            default: w2
            }
        return (word >> UInt64(index & 63)) & 1 != 0
    }

    @inline(__always)
    mutating func set(_ index: Int) {
        let mask = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: w0 |= mask
        case 1: w1 |= mask
        default: w2 |= mask
        }
    }

    /// The lowest set bit's index, or nil for an empty line.
    var firstSetBit: Int? {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        return nil
    }

    /// The highest set bit's index, or nil for an empty line.
    var lastSetBit: Int? {
        if w2 != 0 { return 191 - w2.leadingZeroBitCount }
        if w1 != 0 { return 127 - w1.leadingZeroBitCount }
        if w0 != 0 { return 63 - w0.leadingZeroBitCount }
        return nil
    }

    @inline(__always)
    var isEmpty: Bool { (w0 | w1 | w2) == 0 }

    @inline(__always)
    var popCount: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount }

    /// Bit `i` of the result is bit `i + k` of this line (`1 ≤ k < 64`): looks `k` modules ahead.
    @inline(__always)
    func ahead(_ k: UInt64) -> BitLine {
        BitLine(w0: (w0 >> k) | (w1 << (64 - k)), w1: (w1 >> k) | (w2 << (64 - k)), w2: w2 >> k)
    }

    /// Bit `i` of the result is bit `i - k` of this line (`1 ≤ k < 64`); the first `k` bits are 0.
    /// Bits may spill past the line's width: callers mask them off where it matters.
    @inline(__always)
    func behind(_ k: UInt64) -> BitLine {
        BitLine(w0: w0 << k, w1: (w1 << k) | (w0 >> (64 - k)), w2: (w2 << k) | (w1 >> (64 - k)))
    }

    @inline(__always)
    static func & (a: BitLine, b: BitLine) -> BitLine { BitLine(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2) }

    @inline(__always)
    static func | (a: BitLine, b: BitLine) -> BitLine { BitLine(w0: a.w0 | b.w0, w1: a.w1 | b.w1, w2: a.w2 | b.w2) }

    @inline(__always)
    static func ^ (a: BitLine, b: BitLine) -> BitLine { BitLine(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2) }

    /// The bits set here and clear in `b`.
    @inline(__always)
    func subtracting(_ b: BitLine) -> BitLine { BitLine(w0: w0 & ~b.w0, w1: w1 & ~b.w1, w2: w2 & ~b.w2) }

    /// Calls `body` with the index of every set bit, in increasing order.
    @inline(__always)
    func forEachSetBit(_ body: (Int) -> Void) {
        Self.forEachSetBit(of: w0, base: 0, body)
        Self.forEachSetBit(of: w1, base: 64, body)
        Self.forEachSetBit(of: w2, base: 128, body)
    }

    @inline(__always)
    private static func forEachSetBit(of word: UInt64, base: Int, _ body: (Int) -> Void) {
        var word = word
        while word != 0 {
            body(base + word.trailingZeroBitCount)
            word &= word &- 1
        }
    }
}
