import Foundation

/// Text formatting for tickets: rupiah amounts, local times with Indonesian zone names, and
/// folding to the printable ASCII that every thermal printer's code page has.
public enum TicketText {
    /// Formats whole rupiah the Indonesian way, with `.` between thousands: `Rp5.000`,
    /// `Rp1.250.000`, `-Rp500` for a negative amount.
    public static func rupiah(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "." }
            grouped.append(digit)
        }
        return (amount < 0 ? "-Rp" : "Rp") + grouped
    }

    /// The Indonesian name of a time zone: WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9).
    ///
    /// Known Indonesian zone identifiers map by name; any other zone is named by its UTC offset
    /// at `date`, e.g. `UTC+07:00`.
    public static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        switch zone.identifier {
        case "Asia/Jakarta", "Asia/Pontianak": return "WIB"
        case "Asia/Makassar", "Asia/Ujung_Pandang": return "WITA"
        case "Asia/Jayapura": return "WIT"
        default:
            let seconds = zone.secondsFromGMT(for: date)
            let sign = seconds < 0 ? "-" : "+"
            let minutes = abs(seconds) / 60
            return "UTC\(sign)\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60))"
        }
    }

    /// Formats a moment in the city's zone as `23-11-2026 14:05 WIT`.
    public static func localTime(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.day, .month, .year, .hour, .minute], from: date)
        let day = twoDigits(parts.day ?? 0)
        let month = twoDigits(parts.month ?? 0)
        let time = "\(twoDigits(parts.hour ?? 0)):\(twoDigits(parts.minute ?? 0))"
        return "\(day)-\(month)-\(parts.year ?? 0) \(time) \(zoneName(zone, at: date))"
    }

    /// Folds text to printable ASCII (0x20-0x7E) for a printer's code page.
    ///
    /// Accents are dropped (`Café` → `Cafe`), full-width forms become ASCII, line breaks, tabs
    /// and other control characters become spaces (so no text can smuggle in a printer command),
    /// typographic dashes and quotes (common in street names: `Jl. A – Jl. B`) become their ASCII
    /// forms, and anything else that is not ASCII (CJK, emoji) becomes `?`.
    public static func asciiFolded(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        result.unicodeScalars.reserveCapacity(folded.unicodeScalars.count)
        for scalar in folded.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E: result.unicodeScalars.append(scalar)
            case 0..<0x20, 0x7F...0x9F: result.unicodeScalars.append(" ")
            case 0x0300...0x036F: continue  // a combining mark the fold left behind
            case 0x2010...0x2015, 0x2212: result.unicodeScalars.append("-")  // hyphens, dashes, minus
            case 0x2018, 0x2019, 0x201A, 0x2032: result.unicodeScalars.append("'")
            case 0x201C, 0x201D, 0x201E, 0x2033: result.unicodeScalars.append("\"")
            default: result.unicodeScalars.append("?")
            }
        }
        return result
    }

    /// Breaks ASCII text into lines of at most `width` characters, at spaces where possible
    /// and inside a word only when the word alone is longer than a line.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !current.isEmpty && current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            current = String(word)
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
