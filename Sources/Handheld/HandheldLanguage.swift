/// The language of what the attendant reads: Indonesian by default, English with `--lang en`.
public enum HandheldLanguage: String, Sendable, CaseIterable {
    /// Bahasa Indonesia (`id`).
    case indonesian = "id"
    /// English (`en`).
    case english = "en"

    /// Picks the Indonesian or the English text.
    public func pick(_ indonesian: String, _ english: String) -> String {
        self == .english ? english : indonesian
    }
}
