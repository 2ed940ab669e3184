import Foundation
import Ledger
import Testing

@Suite("One escaper for hand-written JSON strings")
struct JSONEscapingTests {
    @Test(
        "quotes, backslashes and control characters are escaped; the rest passes through",
        arguments: [
            ("plain", #""plain""#), (#"a"b"#, #""a\"b""#), (#"a\b"#, #""a\\b""#), ("a\nb", #""a\nb""#),
            ("a\rb", #""a\rb""#), ("a\tb", #""a\tb""#), ("\u{01}\u{1F}", #""\u0001\u001f""#),
            ("Rp1.000 · é 🚗", "\"Rp1.000 · é 🚗\""), ("\u{7F}", "\"\u{7F}\""), ("", #""""#),
        ])
    func escapes(_ input: String, expected: String) {
        #expect(JSONEscaping.quoted(input) == expected)
        var bytes: [UInt8] = [0x5B]
        JSONEscaping.appendQuoted(input, to: &bytes)
        #expect(bytes == [0x5B] + Array(expected.utf8))
    }

    @Test func everyASCIIAndSomeUnicodeRoundTripsThroughJSONDecoder() throws {
        var text = String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) })
        text += "é 🚗 \u{2028} \u{301}"
        let decoded = try JSONDecoder().decode(String.self, from: Data(JSONEscaping.quoted(text).utf8))
        #expect(decoded == text)
    }
}
