import Foundation

extension TariffRule {
    /// The rule in one Indonesian sentence for the public tariff page and the attendant's card.
    ///
    /// `Rp3.000 jam pertama, Rp2.000 tiap jam berikutnya, paling banyak Rp25.000 per hari;
    /// bebas 5 menit pertama; Malam (22:00–06:00): gratis`. A window whose name already says its
    /// effect (`Malam, gratis`) is not told twice: `Malam, gratis (22:00–06:00)`.
    public var summary: String { summary(english: false) }

    /// The rule in one sentence, Indonesian or (for the pages' `?lang=en`) English: `Rp3.000 the
    /// first hour, Rp2.000 each further hour, at most Rp25.000 a day; the first 5 minutes free;
    /// Malam (22:00–06:00): free`. Window names are the city's own and stay as configured.
    public func summary(english: Bool) -> String {
        let words = english ? SummaryWords.english : SummaryWords.indonesian
        var parts: [String] = []
        switch charge {
        case .flat(let amount):
            parts.append("\(amount.formatted) \(words.perStay)")
        case .progressive(let charge):
            var text =
                "\(charge.firstBlock.formatted) \(words.span(charge.firstBlockMinutes, first: true)), "
                + "\(charge.nextBlock.formatted) \(words.span(charge.nextBlockMinutes, first: false))"
            if let cap = charge.dailyCap { text += ", " + words.cap(cap.formatted) }
            parts.append(text)
            if charge.graceMinutes > 0 { parts.append(words.grace(charge.graceMinutes)) }
        }
        for window in windows {
            let names = window.days.map { english ? $0.englishName : $0.indonesianName }
            let days = names.isEmpty ? "" : names.joined(separator: ", ") + " "
            let effect = window.percent == 0 ? words.free : words.percent(window.percent)
            let span = "\(window.name) (\(days)\(window.start)–\(window.end))"
            parts.append(window.name.lowercased().contains(effect.lowercased()) ? span : "\(span): \(effect)")
        }
        return parts.joined(separator: "; ")
    }
}

/// The words of ``TariffRule/summary(english:)`` in one language.
private struct SummaryWords: Sendable {
    let perStay: String
    let free: String
    /// A block of whole hours: `jam`, `2 jam`; `hour`, `2 hours`.
    let hours: @Sendable (Int) -> String
    let minutes: String
    let first: String
    let next: String
    let cap: @Sendable (String) -> String
    let grace: @Sendable (Int) -> String
    let percent: @Sendable (Int) -> String

    static let indonesian = SummaryWords(
        perStay: "sekali parkir", free: "gratis", hours: { $0 == 1 ? "jam" : "\($0) jam" }, minutes: "menit",
        first: "{unit} pertama", next: "tiap {unit} berikutnya", cap: { "paling banyak \($0) per hari" },
        grace: { "bebas \($0) menit pertama" }, percent: { "\($0)% dari tarif" })

    static let english = SummaryWords(
        perStay: "per stay", free: "free", hours: { $0 == 1 ? "hour" : "\($0) hours" }, minutes: "minutes",
        first: "the first {unit}", next: "each further {unit}", cap: { "at most \($0) a day" },
        grace: { "the first \($0) minutes free" }, percent: { "\($0)% of the tariff" })

    /// `jam pertama`, `tiap 2 jam berikutnya`, `the first 30 minutes`, `each further hour`.
    func span(_ minutes: Int, first isFirst: Bool) -> String {
        let unit = minutes % 60 == 0 ? hours(minutes / 60) : "\(minutes) \(self.minutes)"
        return (isFirst ? first : next).replacingOccurrences(of: "{unit}", with: unit)
    }
}
