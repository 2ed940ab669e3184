/// Indonesian vehicle registration plates (TNKB), normalised so that a plate typed on a handheld
/// and one read by a camera compare equal.
public enum LicensePlate {
    /// Normalises a plate: upper case, spaces, dots and dashes removed (`de 1234 ab` → `DE1234AB`).
    ///
    /// The plate is validated **before** it is normalised: every character must be an ASCII letter or
    /// digit, a space, a dot or a dash. Unicode case mapping would otherwise fold letters that are not on
    /// any TNKB plate into ASCII (`ı` → `I`, `ß` → `SS`, `ﬁ` → `FI`), so two different typed plates would
    /// compare equal to a third.
    ///
    /// - Throws: `LedgerError` `ticket.invalidPlateCharacter` naming the first offending character, its
    ///   Unicode scalar and its 1-based position in the plate as typed; `ticket.invalidPlate` when the
    ///   result is empty or longer than 12 characters.
    public static func normalise(_ plate: String) throws -> String {
        var position = 0
        for character in plate {
            position += 1
            guard character.isASCII, character.isLetter || character.isNumber || " -.".contains(character) else {
                let scalars = character.unicodeScalars.map { "U+" + hex($0.value) }.joined(separator: " ")
                throw LedgerError(
                    .invalidPlateCharacter,
                    "plate \"\(plate)\" has \"\(character)\" (\(scalars)) at position \(position); "
                        + "a plate may hold only A–Z, 0–9, spaces, dots and dashes",
                    field: "plate")
            }
        }
        guard plate.utf8.count <= maximumLength else {
            throw LedgerError(
                .invalidPlate,
                "plate \"\(plate.prefix(maximumLength))…\" is \(plate.utf8.count) characters; at most "
                    + "\(maximumLength) are read", field: "plate")
        }
        let kept = plate.uppercased().filter { $0 != " " && $0 != "-" && $0 != "." }
        guard (1...12).contains(kept.count), kept.utf8.allSatisfy({ $0.isASCIIAlphanumeric }) else {
            throw LedgerError(
                .invalidPlate, "plate \"\(plate)\" must normalise to 1–12 characters A–Z, 0–9 (got \"\(kept)\")",
                field: "plate")
        }
        return kept
    }

    /// The most characters a plate may be typed with, separators included (`/openapi.yaml`'s `maxLength`).
    public static let maximumLength = 40

    /// `value` as at least four upper-case hex digits (the `U+` notation).
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension LedgerError.Code {
    /// A licence plate does not normalise to 1–12 letters and digits.
    public static let invalidPlate = Self("ticket.invalidPlate")
    /// A licence plate holds a character other than an ASCII letter, digit, space, dot or dash (checked
    /// before case mapping, which would fold `ı` or `ß` into ASCII).
    public static let invalidPlateCharacter = Self("ticket.invalidPlateCharacter")
}
