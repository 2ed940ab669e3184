import Foundation
import Hummingbird

/// The language of a citizen's page: Indonesian, English with `?lang=en` (the console's
/// ``ConsoleText/Language``). A page carries a link to the other language that keeps its other
/// query parameters, and a form carries the language in a hidden `lang` field so a refused form
/// answers in the language it was filled in.
enum PublicLanguage {
    /// `en` for `"en"`, otherwise `id` (a missing, empty or unknown value).
    static func of(_ value: String?) -> ConsoleText.Language {
        value == "en" ? .en : .id
    }

    /// The language `request` asks for with its `lang` query parameter.
    static func of(_ request: Request) -> ConsoleText.Language {
        of(request.uri.queryParameters.get("lang").map { String($0) })
    }

    /// `?lang=en` for English, nothing for Indonesian; `separator` `&` after an existing query.
    static func query(_ language: ConsoleText.Language, separator: String = "?") -> String {
        language == .en ? separator + "lang=en" : ""
    }

    /// The values the partials `languageSwitch` and `languageField` read: the link to the same page
    /// in the other language (`path` with `query`, each value percent-encoded, and `lang`), its label
    /// in that language, and whether the page is English.
    static func values(
        _ language: ConsoleText.Language, path: String, query: [(String, String)] = []
    ) -> [String: Any] {
        let other: ConsoleText.Language = language == .en ? .id : .en
        let pairs = query.map { "\($0.0)=\($0.1.urlComponentEncoded)" } + ["lang=\(other.rawValue)"]
        return [
            "english": language == .en, "langQuery": self.query(language),
            "switchHref": path + "?" + pairs.joined(separator: "&"), "switchLang": other.rawValue,
            "switchLabel": other == .en ? "English" : "Bahasa Indonesia",
        ]
    }

    /// The link to the other language (rendered first on every page).
    static let switchTemplate = """
        <p><a href="{{switchHref}}" lang="{{switchLang}}" hreflang="{{switchLang}}">{{switchLabel}}</a></p>
        """

    /// A form's hidden language field (English only: Indonesian is the default).
    static let fieldTemplate = """
        {{#english}}<input type="hidden" name="lang" value="en">{{/english}}
        """
}
