import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import API
@testable import Acquirer

/// `PublicRoutes.hasReceiptShape` (400 or 404 for a receipt code that does not verify) is the
/// documented OpenAPI pattern, character for character, and every code the signer makes has it.
@Suite("Receipt code shape fuzzing")
struct ReceiptShapeFuzzTests {
    /// The documented pattern, compiled by ICU (code point by code point, like ECMA-262; Swift's
    /// `Regex` would compare characters by canonical equivalence, so the Kelvin sign would be `K`).
    static let pattern = try! NSRegularExpression(pattern: PublicRoutes.receiptCodePattern)

    @Test("the pattern in the code is the one in openapi.yaml")
    func documentedPattern() {
        #expect(PublicRoutes.receiptCodePattern == "^[Ll][Rr]1-[0-9A-TV-Za-tv-z-]{1,296}$")
    }

    /// A match of the whole text (ICU's `$` also matches before a final newline; ECMA-262's does not).
    static func matches(_ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        return pattern.firstMatch(in: text, range: whole)?.range == whole
    }

    @Test(
        "random strings, biased toward near misses: hasReceiptShape is exactly a match of the pattern",
        arguments: [1, 2, 3] as [UInt64])
    func agreesWithPattern(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let good = Array("0123456789ABCDEFGHIJKLMNOPQRSTVWXYZabcdefghijklmnopqrstvwxyz-")
        let near: [Character] = [
            "U", "u", "@", "[", "`", "{", "_", " ", "\n", "/", ".", "\u{0}", "é", "Ｌ", "😀", "\u{301}", "ı", "K",
            "\u{212A}", "\r\n",
        ]
        let prefixes = [
            "LR1-", "lr1-", "Lr1-", "lR1-", "LR1", "LR2-", "LR-", "L R1-", "LRl-", "ŁR1-", "", "LR1--", "\nLR1-",
            "MR1-", "LS1-",
        ]
        var matched = 0
        for _ in 0..<4_000 {
            var text = prefixes.randomElement(using: &random)!
            let lengths = [
                0, 1, 2, 295, 296, 297, 298, Int.random(in: 0...40, using: &random),
                Int.random(in: 0...320, using: &random),
            ]
            let length = lengths.randomElement(using: &random)!
            let misses = Int.random(in: 0..<3, using: &random)
            var body = (0..<length).map { _ in good.randomElement(using: &random)! }
            for _ in 0..<misses where !body.isEmpty {
                body[Int.random(in: 0..<body.count, using: &random)] = near.randomElement(using: &random)!
            }
            text += String(body)
            if Int.random(in: 0..<10, using: &random) == 0 { text += ["\n", " ", "é"].randomElement(using: &random)! }
            let expected = Self.matches(text)
            if expected { matched += 1 }
            #expect(PublicRoutes.hasReceiptShape(text) == expected, "\(text.debugDescription)")
        }
        #expect(matched > 200, "the generator should hit the pattern often")
    }

    @Test("every length around the bounds, every byte in each position")
    func everyByte() {
        for length in [0, 1, 2, 295, 296, 297] {
            let text = "LR1-" + String(repeating: "7", count: length)
            #expect(PublicRoutes.hasReceiptShape(text) == Self.matches(text), "length \(length)")
        }
        for position in 0..<6 {
            for byte in UInt8(0)...UInt8(127) {
                var bytes = Array("LR1-AB".utf8)
                bytes[position] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(PublicRoutes.hasReceiptShape(text) == Self.matches(text), "\(text.debugDescription)")
            }
        }
    }

    @Test(
        "every code the real signer makes has the shape, plain, grouped and lower-cased", arguments: [7, 8] as [UInt64])
    func signedCodes(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let signer = ReceiptSigner(key: ReceiptSigningKey.generate())
        let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        for _ in 0..<300 {
            let id = String(
                (0..<Int.random(in: 1...64, using: &random)).map { _ in idAlphabet.randomElement(using: &random)! })
            let code = try signer.sign(invoiceID: id)
            for text in [code.text, code.grouped, code.grouped.lowercased()] {
                #expect(PublicRoutes.hasReceiptShape(text), "\(text) for \(id)")
                #expect(Self.matches(text), "\(text) for \(id)")
            }
        }
    }
}
