/// The one escaper per markup format Lunas writes: HTML pages and reports, and XML files.
///
/// Both replace the five characters that can end a text node or an attribute value:
/// `&`, `<`, `>`, `"` and `'`. Everything else, non-ASCII included, passes through unchanged:
/// output is UTF-8 and declares it, so no numeric character references are needed. Work is done
/// on Unicode scalars, not `Character`s, so a markup character followed by a combining mark
/// (`&` + U+0301, one grapheme cluster) is still escaped.
public enum MarkupEscaping {
    /// Escapes text for an HTML text node or a double- or single-quoted attribute value
    /// (HTML Living Standard 13.1.4 "Character references"): `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`.
    ///
    /// `&#39;` rather than `&apos;`, which HTML 4 did not define.
    public static func html(_ text: String) -> String {
        escape(text, apostrophe: "&#39;")
    }

    /// Escapes text for XML character data or an attribute value (XML 1.0 §2.4, §4.6, the five
    /// predefined entities): `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`.
    public static func xml(_ text: String) -> String {
        escape(text, apostrophe: "&apos;")
    }

    private static func escape(_ text: String, apostrophe: String) -> String {
        guard text.utf8.contains(where: isSpecial) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += apostrophe
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether a UTF-8 byte is one of the five characters that are escaped.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
}
