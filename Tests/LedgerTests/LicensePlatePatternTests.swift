import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// `LicensePlate.normalise` accepts exactly what `/openapi.yaml` documents for a plate:
/// `pattern: '^[ .-]*([A-Za-z0-9][ .-]*){1,12}$'` and `maxLength: 40`.
@Suite("License plate against the OpenAPI pattern")
struct LicensePlatePatternTests {
    /// ICU compares code point by code point, as ECMA-262 does (Swift's `Regex` would take the Kelvin
    /// sign for `K`).
    static let pattern = try! NSRegularExpression(pattern: "^[ .-]*([A-Za-z0-9][ .-]*){1,12}$")

    static func documented(_ plate: String) -> Bool {
        let whole = NSRange(plate.startIndex..., in: plate)
        // maxLength counts characters (code points); ICU's `$` also matches before a final newline.
        return plate.unicodeScalars.count <= 40 && pattern.firstMatch(in: plate, range: whole)?.range == whole
    }

    @Test(
        "random plates, biased toward the bounds: accepted exactly when the pattern and maxLength allow",
        arguments: [1, 2, 3] as [UInt64])
    func agreesWithOpenAPI(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let symbols = Array("ABCXYZabcxyz0189")
        let separators = Array(" .-")
        let others: [Character] = [
            "_", "\t", "\n", "\r\n", "/", "ı", "ß", "\u{212A}", "Ａ", "é", "e\u{301}", "١", "😀", "\u{0}", "+",
        ]
        var accepted = 0
        for _ in 0..<4_000 {
            var plate = ""
            let symbolCount = [0, 1, 11, 12, 13, Int.random(in: 0...16, using: &random)].randomElement(using: &random)!
            let spread = Int.random(in: 0...4, using: &random)
            for _ in 0..<Int.random(in: 0...spread, using: &random) {
                plate.append(separators.randomElement(using: &random)!)
            }
            for _ in 0..<symbolCount {
                plate.append(symbols.randomElement(using: &random)!)
                for _ in 0..<Int.random(in: 0...spread, using: &random) {
                    plate.append(separators.randomElement(using: &random)!)
                }
            }
            if Int.random(in: 0..<8, using: &random) == 0, !plate.isEmpty {
                var characters = Array(plate)
                characters[Int.random(in: 0..<characters.count, using: &random)] = others.randomElement(using: &random)!
                plate = String(characters)
            }
            let expected = Self.documented(plate)
            let actual = (try? LicensePlate.normalise(plate)) != nil
            if actual { accepted += 1 }
            #expect(actual == expected, "\(plate.debugDescription) (\(plate.unicodeScalars.count) characters)")
        }
        #expect(accepted > 1_000)
    }

    @Test("the 40-character bound: 12 symbols padded to 40 are taken, to 41 are not")
    func lengthBound() throws {
        let core = "DE 1234 AB"
        let forty = core + String(repeating: " ", count: 40 - core.count)
        #expect(try LicensePlate.normalise(forty) == "DE1234AB")
        #expect(Self.documented(forty))
        #expect(throws: LedgerError.self) { try LicensePlate.normalise(forty + ".") }
        #expect(!Self.documented(forty + "."))
    }
}
