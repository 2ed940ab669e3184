extension TariffRule {
    /// The rule in one Indonesian sentence for the public tariff page and the attendant's card.
    ///
    /// `Rp3.000 jam pertama, Rp2.000 tiap jam berikutnya, paling banyak Rp25.000 per hari;
    /// bebas 5 menit pertama; Malam (22:00–06:00): gratis`. A window whose name already says its
    /// effect (`Malam, gratis`) is not told twice: `Malam, gratis (22:00–06:00)`.
    public var summary: String {
        var parts: [String] = []
        switch charge {
        case .flat(let amount):
            parts.append("\(amount.formatted) sekali parkir")
        case .progressive(let charge):
            var text =
                "\(charge.firstBlock.formatted) \(Self.span(charge.firstBlockMinutes, first: true)), "
                + "\(charge.nextBlock.formatted) \(Self.span(charge.nextBlockMinutes, first: false))"
            if let cap = charge.dailyCap { text += ", paling banyak \(cap.formatted) per hari" }
            parts.append(text)
            if charge.graceMinutes > 0 { parts.append("bebas \(charge.graceMinutes) menit pertama") }
        }
        for window in windows {
            let days = window.days.isEmpty ? "" : window.days.map(\.indonesianName).joined(separator: ", ") + " "
            let effect = window.percent == 0 ? "gratis" : "\(window.percent)% dari tarif"
            let span = "\(window.name) (\(days)\(window.start)–\(window.end))"
            parts.append(window.name.lowercased().contains(effect.lowercased()) ? span : "\(span): \(effect)")
        }
        return parts.joined(separator: "; ")
    }

    private static func span(_ minutes: Int, first: Bool) -> String {
        let unit: String
        if minutes % 60 == 0 {
            unit = minutes == 60 ? "jam" : "\(minutes / 60) jam"
        } else {
            unit = "\(minutes) menit"
        }
        return first ? "\(unit) pertama" : "tiap \(unit) berikutnya"
    }
}
