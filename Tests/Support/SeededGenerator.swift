/// The one seeded random generator of every test target: SeededGenerator (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014), so a property or fuzz test
/// repeats exactly from its seed and a failure names the seed that reproduces it.
///
/// The same sequence as `Reconciliation.SeededGenerator` (which seeds the fixture generator and the
/// simulator in production) for the same seed; this one is for tests of any module, whatever they link.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random decimal digits (an RRN, a reference number).
    public mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + Int.random(in: 0...9, using: &self)))) })
    }
}
