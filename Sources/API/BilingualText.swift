import Foundation

/// A page family's words in Indonesian and English (`?lang=en`): a list of (key, Indonesian,
/// English) entries and the look-ups every family shares.
protocol BilingualText {
    /// The words, by key, in each language.
    static var words: BilingualWords { get }
}

/// The two tables of a ``BilingualText``, built once from its entries.
struct BilingualWords: Sendable {
    let indonesian: [String: String]
    let english: [String: String]

    /// Builds the tables from (key, Indonesian, English) entries.
    init(_ entries: [(String, String, String)]) {
        indonesian = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.1) })
        english = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.2) })
    }
}

extension BilingualText {
    /// Every text in `language`, by key.
    static func table(_ language: ConsoleText.Language) -> [String: String] {
        language == .en ? words.english : words.indonesian
    }

    /// The text of `key` in `language` with each `{name}` replaced by its value.
    static func text(_ key: String, _ language: ConsoleText.Language, _ values: [String: String] = [:]) -> String {
        values.reduce(table(language)[key] ?? key) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
