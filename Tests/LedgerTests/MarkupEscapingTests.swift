import Ledger
import Testing

@Suite("One HTML and one XML escaper")
struct MarkupEscapingTests {
    @Test(
        "every special character is replaced",
        arguments: [
            ("&", "&amp;", "&amp;"), ("<", "&lt;", "&lt;"), (">", "&gt;", "&gt;"), ("\"", "&quot;", "&quot;"),
            ("'", "&#39;", "&apos;"),
        ])
    func special(_ input: String, html: String, xml: String) {
        #expect(MarkupEscaping.html(input) == html)
        #expect(MarkupEscaping.xml(input) == xml)
    }

    @Test func aMixedLineEscapesEachOccurrence() {
        let input = #"<a href="x?a=1&b='2'">Tom & Jerry</a>"#
        #expect(
            MarkupEscaping.html(input)
                == "&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;Tom &amp; Jerry&lt;/a&gt;")
        #expect(
            MarkupEscaping.xml(input)
                == "&lt;a href=&quot;x?a=1&amp;b=&apos;2&apos;&quot;&gt;Tom &amp; Jerry&lt;/a&gt;")
    }

    @Test(
        "plain and non-ASCII text passes through unchanged",
        arguments: ["", "PEMKOT AMBON", "Rp 15.000 — parkir", "KAFÉ ☕ 最佳 🇮🇩", "line\nbreak\ttab", "e\u{301}"])
    func passThrough(_ input: String) {
        #expect(Array(MarkupEscaping.html(input).utf8) == Array(input.utf8))
        #expect(Array(MarkupEscaping.xml(input).utf8) == Array(input.utf8))
    }

    @Test func aMarkupCharacterWithACombiningMarkIsStillEscaped() {
        // `&` + U+0301 is one Character; escaping by Character would miss it.
        #expect(MarkupEscaping.html("a&\u{301}b") == "a&amp;\u{301}b")
        #expect(MarkupEscaping.xml("<\u{20DD}") == "&lt;\u{20DD}")
    }

    @Test func escapingIsNotIdempotentButReversibleByHand() {
        // Escaping twice escapes the ampersands of the first pass: callers escape exactly once.
        #expect(MarkupEscaping.html(MarkupEscaping.html("&")) == "&amp;amp;")
    }
}
