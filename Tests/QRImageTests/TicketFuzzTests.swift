import Foundation
import LunasTestSupport
import Testing

@testable import QRImage

@Suite("Property: any ticket text prints as plain ASCII and never breaks the job")
struct TicketFuzzTests {
    static let pieces: [String] = [
        "a", "Z", "9", " ", "-", "é", "Ü", "ß", "安", "汶", "😀", "👍🏽", "\u{1B}", "\u{0}", "\n", "\t", "\u{7F}",
        "\u{85}", "\u{301}", "Ａ", "ﬁ", "\u{202E}", "Rp", "\\", "\"", "~",
    ]

    static func randomText(_ rng: inout SeededGenerator, maxPieces: Int) -> String {
        let count = Int.random(in: 1...maxPieces, using: &rng)
        return (0..<count).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test("300 random tickets: only commands and printable ASCII outside the raster")
    func randomTickets() throws {
        let seed: UInt64 = 0x5449_434B_4554
        var rng = SeededGenerator(seed: seed)
        for index in 0..<300 {
            var ticket = TicketFixture.parking()
            ticket.title = "X" + Self.randomText(&rng, maxPieces: 20)
            ticket.cityName = "X" + Self.randomText(&rng, maxPieces: 40)
            ticket.merchantName = "X" + Self.randomText(&rng, maxPieces: 60)
            ticket.nmid = "X" + Self.randomText(&rng, maxPieces: 10)
            ticket.plate = Bool.random(using: &rng) ? Self.randomText(&rng, maxPieces: 12) : nil
            ticket.verificationCode = "X" + Self.randomText(&rng, maxPieces: 30)
            ticket.amount = Int64.random(in: 1...Int64.max, using: &rng)
            let job = try ticket.escposJob()
            let raster = try #require(RasterReader.first(in: job), "seed \(seed) case \(index)")
            let outside = Array(job[..<raster.offset]) + Array(job[(raster.offset + raster.raster.length)...])
            #expect(!outside.contains { $0 >= 0x80 }, "seed \(seed) case \(index): a byte ≥ 0x80 outside the raster")
            // The only control bytes are our own commands: ESC, GS, LF and their small arguments.
            let texts = ticket.layout().compactMap { line -> String? in
                if case .text(let text, _, _, _) = line { return text }
                return nil
            }
            for text in texts {
                #expect(text.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "seed \(seed) case \(index): \(text)")
                #expect(text.utf8.count <= 32, "seed \(seed) case \(index): line too long")
            }
        }
    }
}
