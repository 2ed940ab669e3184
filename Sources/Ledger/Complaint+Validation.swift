import Foundation

extension Complaint {
    /// A new complaint number for a complaint filed on `date` (the city's day):
    /// `ADU-YYMMDD-XXXXX`, five random Crockford base32 symbols (about 33 million a day), so that
    /// numbers say nothing about how many complaints a city gets. The store refuses a repeat.
    public static func newNumber(on date: CivilDate) -> String {
        var generator = SystemRandomNumberGenerator()
        let symbols = (0..<5).map { _ in ReceiptBase32.alphabet[Int(generator.next() % 32)] }
        let day = String(format: "%02d%02d%02d", date.year % 100, date.month, date.day)
        return "ADU-\(day)-" + String(decoding: symbols, as: UTF8.self)
    }

    /// A new access code (16 Crockford base32 symbols, 80 bits): with the number, it opens the
    /// public status page.
    public static func newAccessCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<16).map { _ in ReceiptBase32.alphabet[Int(generator.next() % 32)] }, as: UTF8.self)
    }

    /// Whether `text` has the form of a complaint number (checked before any look-up).
    public static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, text.hasPrefix("ADU-"), bytes[10] == UInt8(ascii: "-") else { return false }
        return bytes[4..<10].allSatisfy { (0x30...0x39).contains($0) }
            && bytes[11...].allSatisfy { ReceiptBase32.alphabet.contains($0) }
    }

    /// Checks a message to the citizen or a resolution note: 1–`maximum` characters, line breaks
    /// allowed, no other control character.
    /// - Throws: `input.invalidField` naming `field`.
    public static func validateMessage(_ text: String, field: String, maximum: Int = 2000) throws {
        let count = text.unicodeScalars.count
        guard count > 0, count <= maximum, !text.allSatisfy(\.isWhitespace) else {
            throw LedgerError(
                .invalidField, "\(field) must be 1–\(maximum) characters (not only spaces), has \(count)", field: field)
        }
        var position = 0
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                throw LedgerError(
                    .invalidField,
                    "\(field) has U+\(String(scalar.value, radix: 16, uppercase: true)) at byte offset \(position): "
                        + "control, direction and invisible characters are not accepted", field: field)
            }
            position += String(scalar).utf8.count
        }
    }
}

extension Complaint {
    /// Characters that hide or reorder what a reader sees: C0 and C1 controls (except line breaks),
    /// direction marks, embeddings, overrides and isolates, zero-width characters and the BOM.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }
}

extension Complaint.Filing {
    /// Checks the parts; throws the first problem with its field name.
    public func validate() throws {
        guard Complaint.isNumber(number) else {
            throw LedgerError(.invalidField, "number \"\(number.prefix(40))\" is not ADU-YYMMDD-XXXXX", field: "number")
        }
        try LedgerValidation.token(tier, field: "tier", maximum: 40)
        if let zone { try LedgerValidation.token(zone, field: "zone", maximum: 40) }
        if let plate { try LedgerValidation.token(plate, field: "plate", maximum: 16) }
        if let deviceID { try LedgerValidation.deviceID(deviceID) }
        guard deadline >= acknowledgeBy, acknowledgeBy >= filedAt else {
            throw LedgerError(.invalidField, "deadline before acknowledgeBy or filedAt", field: "deadline")
        }
        guard LedgerValidation.isSHA256Hex(contentSHA256) else {
            throw LedgerError(.invalidField, "contentSHA256 is not 64 lower-case hex digits", field: "contentSHA256")
        }
    }
}

extension Complaint.Resolution {
    /// Checks the parts: a `referred` complaint names its SP4N-LAPOR! tracking number (1–40
    /// letters, digits or `-`), and only it; only `restitution` names a refund.
    /// - Throws: `input.invalidField` naming `note`, `laporNumber` or `refundId`.
    public func validate() throws {
        try Complaint.validateMessage(note, field: "note")
        switch (outcome, laporNumber) {
        case (.referred, nil):
            throw LedgerError(
                .invalidField, "outcome referred needs the SP4N-LAPOR! tracking number", field: "laporNumber")
        case (.referred, let number?):
            guard (1...40).contains(number.utf8.count),
                number.utf8.allSatisfy({
                    $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                        || (0x61...0x7A).contains($0)
                })
            else {
                throw LedgerError(
                    .invalidField, "laporNumber must be 1–40 letters, digits or '-': \"\(number.prefix(40))\"",
                    field: "laporNumber")
            }
        case (_, .some):
            throw LedgerError(.invalidField, "laporNumber belongs to outcome referred only", field: "laporNumber")
        default: break
        }
        if refundID != nil, outcome != .restitution {
            throw LedgerError(.invalidField, "refundId belongs to outcome restitution only", field: "refundId")
        }
        try actor.validate()
    }
}

extension LedgerError.Code {
    /// No complaint has this number.
    public static let unknownComplaint = Self("complaint.unknown")
    /// The complaint was already resolved.
    public static let complaintAlreadyResolved = Self("complaint.alreadyResolved")
}
