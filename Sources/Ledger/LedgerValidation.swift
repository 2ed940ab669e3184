import Foundation

/// Field checks shared by the drafts: each throws a `LedgerError` naming the field and the bad value.
enum LedgerValidation {
    /// Checks what every call that issues on a device's behalf carries: the idempotency key, the
    /// acting party (a device must be the issuing one) and the request fingerprint when given.
    static func issuance(
        idempotencyKey: String, actor: LedgerActor, issuer: Device.ID, requestHash: String?
    ) throws {
        try token(idempotencyKey, field: "idempotencyKey", maximum: 128)
        try actor.validate()
        try actor.requireIssuer(issuer)
        if let requestHash { try IdempotencyFingerprint.validate(requestHash) }
    }

    /// Checks a free text: 1…`maximum` characters (Unicode scalars), no control character (below 0x20, or DEL).
    static func text(_ value: String, field: String, maximum: Int) throws {
        // Characters (Unicode scalars), as SQLite's length() and JSON Schema's maxLength count them.
        let count = value.unicodeScalars.count
        guard count > 0, count <= maximum else {
            throw LedgerError(
                .invalidField, "\(field) must be 1–\(maximum) characters, has \(count): \"\(value.prefix(40))\"",
                field: field)
        }
        if let offset = value.utf8.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
            let position = value.utf8.distance(from: value.utf8.startIndex, to: offset)
            throw LedgerError(
                .invalidField, "\(field) has a control character at byte offset \(position)", field: field)
        }
    }

    /// Checks a code or key: 1…`maximum` printable ASCII characters without spaces.
    static func token(_ value: String, field: String, maximum: Int) throws {
        // Fast path for the common, valid case: one pass over contiguous UTF-8.
        let valid = value.utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.isEmpty && buffer.count <= maximum && !buffer.contains(where: { $0 <= 0x20 || $0 >= 0x7F })
        }
        if valid == true { return }
        guard !value.isEmpty, value.utf8.count <= maximum else {
            throw LedgerError(
                .invalidField,
                "\(field) must be 1–\(maximum) characters, has \(value.utf8.count): \"\(value.prefix(40))\"",
                field: field)
        }
        if let offset = value.utf8.firstIndex(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            let position = value.utf8.distance(from: value.utf8.startIndex, to: offset)
            throw LedgerError(
                .invalidField,
                "\(field) \"\(value.prefix(40))\" has a space or non-ASCII character at offset \(position)",
                field: field)
        }
    }

    /// Checks that an amount is positive.
    static func positive(_ amount: Rupiah, field: String) throws {
        guard amount.value > 0 else {
            throw LedgerError(.invalidField, "\(field) must be positive, is \(amount.value)", field: field)
        }
    }

    /// Whether `text` is a SHA-256 as the ledger stores them: 64 lower-case hex digits.
    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Checks a device identifier: 1–25 characters A–Z a–z 0–9 - _.
    static func deviceID(_ id: Device.ID, field: String = "deviceID") throws {
        let ok =
            (1...25).contains(id.rawValue.utf8.count)
            && id.rawValue.utf8.allSatisfy {
                $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
            }
        guard ok else {
            throw LedgerError(
                .invalidField, "\(field) \"\(id.rawValue.prefix(40))\" must be 1–25 characters A–Z, a–z, 0–9, -, _",
                field: field)
        }
    }
}

extension LedgerError.Code {
    /// An input field is empty, too long, out of range or has a bad character.
    public static let invalidField = Self("input.invalidField")
}
