/// One finding of ``QRISPayload/validate(_:)``: a value, never thrown.
///
/// Every issue has a stable ``code`` (`crc.mismatch`, `amount.format`, `tag.duplicate`), a
/// ``severity``, the tag ``path`` (`62.01`), offsets in characters (Unicode scalars) and UTF-8
/// bytes from the start of the input, a message naming the bad value, and the spec section.
public struct QRISIssue: Sendable, Hashable, CustomStringConvertible {
    /// How bad an issue is: an error makes the payload invalid; a warning does not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// The stable code (shared with ``QRISError/Code`` for parse failures).
    public var code: QRISError.Code
    /// Error or warning.
    public var severity: Severity
    /// The tag path: `54`, `62.01`, `26.01`; empty for the payload as a whole.
    public var path: String
    /// Offset in Unicode scalars from the start of the input.
    public var characterOffset: Int
    /// Offset in UTF-8 bytes from the start of the input.
    public var byteOffset: Int
    /// For a person: what is wrong, naming the bad value.
    public var message: String
    /// The rule's source, e.g. `EMVCo MPM 4.7.3` or `QRIS 4.7.5.4`.
    public var specSection: String

    /// Creates an issue.
    public init(
        code: QRISError.Code, severity: Severity, path: String, characterOffset: Int, byteOffset: Int,
        message: String, specSection: String
    ) {
        self.code = code
        self.severity = severity
        self.path = path
        self.characterOffset = characterOffset
        self.byteOffset = byteOffset
        self.message = message
        self.specSection = specSection
    }

    /// `error crc.mismatch 63 CRC is 0000, expected A402 (character 176, byte 176; EMVCo MPM 4.7.3)`.
    public var description: String {
        "\(severity.rawValue) \(code) \(path.isEmpty ? "-" : path) \(message) "
            + "(character \(characterOffset), byte \(byteOffset); \(specSection))"
    }
}

/// Which rules ``QRISPayload/validate(_:)`` applies, and how strictly.
public struct QRISValidationOptions: Sendable, Hashable {
    /// A rule set.
    public enum Profile: String, Sendable, Hashable, CaseIterable {
        /// EMVCo MPM 1.1 only: any country, any scheme.
        case emvco
        /// EMVCo plus Bank Indonesia's QRIS rules (national template 51, PJP templates 26–45,
        /// IDR, postal code, Rp10,000,000 cap).
        case qris
    }

    /// The rule set; ``Profile/qris`` by default.
    public var profile: Profile
    /// Strict mode turns tolerated deviations into errors: a lower-case CRC, surrounding
    /// whitespace, unknown RFU tags, and non-ASCII in `ans` fields. Lenient mode (the default)
    /// reports them as warnings. Use strict mode for the city's own generated codes.
    public var strict: Bool

    /// Creates options.
    public init(profile: Profile = .qris, strict: Bool = false) {
        self.profile = profile
        self.strict = strict
    }
}

extension QRISError.Code {
    // Codes found by validation. Parse-level codes are declared beside ``QRISError``.
    public static let payloadWhitespace: Self = "payload.whitespace"
    public static let payloadLength: Self = "payload.length"
    public static let charsetControl: Self = "charset.control"
    public static let charsetANS: Self = "charset.ans"
    public static let unicodeNotPrecomposed: Self = "unicode.notPrecomposed"
    public static let pfiMissing: Self = "pfi.missing"
    public static let pfiNotFirst: Self = "pfi.notFirst"
    public static let pfiInvalid: Self = "pfi.invalid"
    public static let crcMissing: Self = "crc.missing"
    public static let crcNotLast: Self = "crc.notLast"
    public static let crcFormat: Self = "crc.format"
    public static let crcLowercase: Self = "crc.lowercase"
    public static let crcMismatch: Self = "crc.mismatch"
    public static let tagDuplicate: Self = "tag.duplicate"
    public static let tagMissing: Self = "tag.missing"
    public static let tagFormat: Self = "tag.format"
    public static let tagLength: Self = "tag.length"
    public static let tagUnknown: Self = "tag.unknown"
    public static let poiInvalid: Self = "poi.invalid"
    public static let merchantAccountMissing: Self = "merchantAccount.missing"
    public static let templateMalformed: Self = "template.malformed"
    public static let templateGUIDMissing: Self = "template.guidMissing"
    public static let amountFormat: Self = "amount.format"
    public static let amountZero: Self = "amount.zero"
    public static let amountLeadingZero: Self = "amount.leadingZero"
    public static let amountAboveCap: Self = "amount.aboveCap"
    public static let tipInvalid: Self = "tip.invalid"
    public static let tipFeeMissing: Self = "tip.feeMissing"
    public static let tipFeeUnexpected: Self = "tip.feeUnexpected"
    public static let feeFormat: Self = "fee.format"
    public static let currencyMismatch: Self = "currency.mismatch"
    public static let nationalMissing: Self = "national.missing"
    public static let nationalGUID: Self = "national.guid"
    public static let nmidMissing: Self = "nmid.missing"
    public static let nmidFormat: Self = "nmid.format"
    public static let criteriaInvalid: Self = "criteria.invalid"
    public static let mpanMissing: Self = "mpan.missing"
    public static let mpanFormat: Self = "mpan.format"
    public static let mpanLength: Self = "mpan.length"
    public static let mpanNNS: Self = "mpan.nns"
}
