import Foundation
import LunasTestSupport
import Reconciliation
import Testing

@testable import Acquirer

@Suite("JSON minifier: byte-exact, never re-encodes")
struct JSONMinifierTests {
    @Test("keeps key order, string contents, escapes and number spelling")
    func exact() throws {
        let input =
            "{ \"z\" : 1.50 , \"a\":[ 1e5 , -0.0, 10E-2 ],\"s\":\" spaced  \\t\\u00e9 \\\" x \",\"t\":true,\"n\":null }"
        #expect(
            try JSONMinifier.minify(input)
                == "{\"z\":1.50,\"a\":[1e5,-0.0,10E-2],\"s\":\" spaced  \\t\\u00e9 \\\" x \",\"t\":true,\"n\":null}")
    }

    @Test("non-ASCII text inside strings is kept byte for byte")
    func unicode() throws {
        let input = "{ \"nama\" : \"Pasar Mardika — Ambon 🚗\" }"
        #expect(try JSONMinifier.minify(input) == "{\"nama\":\"Pasar Mardika — Ambon 🚗\"}")
    }

    @Test("empty and whitespace-only bodies minify to nothing")
    func empty() throws {
        #expect(try JSONMinifier.minify(" \r\n\t ") == "")
        #expect(try JSONMinifier.minify([UInt8]()) == [])
    }

    @Test(
        "malformed input is refused with the byte offset",
        arguments: [
            ("{\"a\":1,}", 7), ("{\"a\" 1}", 5), ("[1 2]", 3), ("\"open", 5), ("{\"a\":tru}", 8), ("[01]", 2),
            ("{\"a\":\"x\ny\"}", 7), ("[1,]", 3), ("{} {}", 3), ("[\"\\x\"]", 3), ("-", 1), ("[1.]", 3),
        ])
    func malformed(input: String, offset: Int) {
        let error = expectError(.malformedJSON) { _ = try JSONMinifier.minify(input) }
        #expect(error?.message.contains("byte offset \(offset)") == true, "\(error?.message ?? "")")
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        expectError(.malformedJSON) { _ = try JSONMinifier.minify(deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? JSONMinifier.minify(fine)) == fine)
    }

    @Test("property: random JSON with random whitespace minifies to its compact form")
    func property() throws {
        var random = SeededGenerator(seed: 20_261_123)
        for _ in 0..<500 {
            let (compact, spaced) = Self.randomJSON(depth: 0, using: &random)
            #expect(try JSONMinifier.minify(spaced) == compact)
            #expect(try JSONMinifier.minify(compact) == compact)
            // Foundation agrees that the minified text is JSON.
            _ = try JSONSerialization.jsonObject(with: Data(compact.utf8), options: [.fragmentsAllowed])
        }
    }

    @Test("fuzz: random bytes never crash; whatever is accepted is stable and valid JSON")
    func fuzz() throws {
        var random = SeededGenerator(seed: 7)
        let alphabet = Array("{}[]\",:0123456789-+.eEtrufalsn \n\t\\u".utf8)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<24, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random)
                    ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            if let output = try? JSONMinifier.minify(bytes), !output.isEmpty {
                #expect(try JSONMinifier.minify(output) == output)
                #expect((try? JSONSerialization.jsonObject(with: Data(output), options: [.fragmentsAllowed])) != nil)
            }
        }
    }

    static func randomJSON(depth: Int, using random: inout SeededGenerator) -> (String, String) {
        func ws() -> String {
            String(
                (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    [" ", "\n", "\t", "\r"].randomElement(using: &random)!
                })
        }
        let kind = depth > 3 ? Int.random(in: 0...3, using: &random) : Int.random(in: 0...5, using: &random)
        switch kind {
        case 0: return ("null", "null")
        case 1:
            let number = ["0", "-12", "3.25", "1e9", "10.00", "-0.5E-3"].randomElement(using: &random)!
            return (number, number)
        case 2:
            let text = ["\"a b\"", "\"\"", "\"x\\\"y\"", "\"\\u0041 \\n\"", "\"é 日本\"", "\"  \""].randomElement(
                using: &random)!
            return (text, text)
        case 3: return ("true", "true")
        case 4:
            let count = Int.random(in: 0...3, using: &random)
            var compact: [String] = []
            var spaced: [String] = []
            for _ in 0..<count {
                let (c, s) = randomJSON(depth: depth + 1, using: &random)
                compact.append(c)
                spaced.append(ws() + s + ws())
            }
            return (
                "[" + compact.joined(separator: ",") + "]",
                ws() + "[" + (count == 0 ? ws() : spaced.joined(separator: ",")) + "]" + ws()
            )
        default:
            let count = Int.random(in: 0...3, using: &random)
            var compact: [String] = []
            var spaced: [String] = []
            for index in 0..<count {
                let (c, s) = randomJSON(depth: depth + 1, using: &random)
                compact.append("\"k\(index) \":" + c)
                spaced.append(ws() + "\"k\(index) \"" + ws() + ":" + ws() + s + ws())
            }
            return (
                "{" + compact.joined(separator: ",") + "}",
                "{" + (count == 0 ? ws() : spaced.joined(separator: ",")) + "}"
            )
        }
    }
}
