/// Indonesian vehicle registration plates (TNKB), normalised so that a plate typed on a handheld
/// and one read by a camera compare equal.
public enum LicensePlate {
    /// Normalises a plate: upper case, spaces, dots and dashes removed (`de 1234 ab` → `DE1234AB`).
    ///
    /// - Throws: `LedgerError` `ticket.invalidPlate` when the result is empty, longer than 12
    ///   characters, or has a character other than A–Z and 0–9.
    public static func normalise(_ plate: String) throws -> String {
        let kept = plate.uppercased().filter { $0 != " " && $0 != "-" && $0 != "." }
        guard (1...12).contains(kept.count), kept.utf8.allSatisfy({ $0.isASCIIAlphanumeric }) else {
            throw LedgerError(
                .invalidPlate, "plate \"\(plate)\" must normalise to 1–12 characters A–Z, 0–9 (got \"\(kept)\")",
                field: "plate")
        }
        return kept
    }
}

extension LedgerError.Code {
    /// A licence plate does not normalise to 1–12 letters and digits.
    public static let invalidPlate = Self("ticket.invalidPlate")
}
