import Foundation
import LunasTestSupport
import Testing

@testable import QRImage

@Suite("Property: random payloads survive encode → PNG → decode")
struct RoundTripPropertyTests {
    static let alphabets: [[Character]] = [
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-/:"),
        Array("0123456789"),
        Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "),
        Array("aé日本語ñ€Ωж안녕😀"),
    ]

    static func randomPayload(_ rng: inout SeededGenerator) -> String {
        let length = Int.random(in: 1...400, using: &rng)
        let alphabet = alphabets[Int.random(in: 0..<alphabets.count, using: &rng)]
        return String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    @Test("40 random payloads at random levels and scales decode to their exact bytes")
    func randomRoundTrips() async throws {
        let seed: UInt64 = 0x4C55_4E41_5321
        var rng = SeededGenerator(seed: seed)
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
        let zxing = try await QRDecoders.zxing(files)
        for (index, result) in zxing.enumerated() {
            #expect(result.found, "seed \(seed) case \(index): zxing-cpp found nothing")
            #expect(QRDecoders.hexBytes(result.hex ?? "") == expected[index], "seed \(seed) case \(index)")
            #expect(try await QRDecoders.zbar(files[index]) == expected[index], "seed \(seed) case \(index): zbar")
        }
    }
}
