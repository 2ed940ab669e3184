import Foundation
import Testing

@testable import QRImage

/// A small seeded generator (SplitMix64) so a failing case can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Property: random payloads survive encode → PNG → decode")
struct RoundTripPropertyTests {
    static let alphabets: [[Character]] = [
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-/:"),
        Array("0123456789"),
        Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "),
        Array("aé日本語ñ€Ωж안녕😀"),
    ]

    static func randomPayload(_ rng: inout SplitMix64) -> String {
        let length = Int.random(in: 1...400, using: &rng)
        let alphabet = alphabets[Int.random(in: 0..<alphabets.count, using: &rng)]
        return String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    @Test("40 random payloads at random levels and scales decode to their exact bytes")
    func randomRoundTrips() throws {
        let seed: UInt64 = 0x4C55_4E41_5321
        var rng = SplitMix64(state: seed)
        let directory = try TemporaryDirectory()
        var files: [URL] = []
        var expected: [[UInt8]] = []
        for index in 0..<40 {
            let payload = Self.randomPayload(&rng)
            let level = QRErrorCorrection.allCases.randomElement(using: &rng)!
            let scale = Int.random(in: 2...6, using: &rng)
            let matrix = try QRMatrix(payload: payload, errorCorrection: level)
            #expect(matrix.hasUTF8ECI == payload.utf8.contains { $0 >= 0x80 })
            let file = directory.file("case-\(index).png")
            try Data(matrix.png(scale: scale)).write(to: file)
            files.append(file)
            expected.append(Array(payload.utf8))
        }
        let zxing = try QRDecoders.zxing(files)
        for (index, result) in zxing.enumerated() {
            #expect(result.found, "seed \(seed) case \(index): zxing-cpp found nothing")
            #expect(QRDecoders.hexBytes(result.hex ?? "") == expected[index], "seed \(seed) case \(index)")
            #expect(try QRDecoders.zbar(files[index]) == expected[index], "seed \(seed) case \(index): zbar")
        }
    }
}
