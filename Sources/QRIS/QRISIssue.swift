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

    /// Whether an amount above Bank Indonesia's Rp10,000,000 limit is an error rather than a
    /// warning (`qris` profile only).
    public var amountAboveCapIsError: Bool

    /// Creates options.
    public init(profile: Profile = .qris, strict: Bool = false, amountAboveCapIsError: Bool = false) {
        self.profile = profile
        self.strict = strict
        self.amountAboveCapIsError = amountAboveCapIsError
    }
}

extension QRISError.Code {
    // Codes found by validation. Parse-level codes are declared beside ``QRISError``.
    /// Whitespace around the payload (trimmed).
    public static let payloadWhitespace: Self = "payload.whitespace"
    /// More than 512 characters (EMVCo MPM 4.1 "should").
    public static let payloadLength: Self = "payload.length"
    /// A control character in a value.
    public static let charsetControl: Self = "charset.control"
    /// Non-ASCII text in a printable-ASCII (`ans`) field.
    public static let charsetANS: Self = "charset.ans"
    /// A combining mark: text not in NFC.
    public static let unicodeNotPrecomposed: Self = "unicode.notPrecomposed"
    /// Tag 00 missing.
    public static let pfiMissing: Self = "pfi.missing"
    /// Tag 00 not first.
    public static let pfiNotFirst: Self = "pfi.notFirst"
    /// Tag 00 not '01'.
    public static let pfiInvalid: Self = "pfi.invalid"
    /// Tag 63 missing.
    public static let crcMissing: Self = "crc.missing"
    /// Tag 63 not last.
    public static let crcNotLast: Self = "crc.notLast"
    /// Tag 63 not 4 hexadecimal digits.
    public static let crcFormat: Self = "crc.format"
    /// Tag 63 in lower case.
    public static let crcLowercase: Self = "crc.lowercase"
    /// Tag 63 does not match the CRC of the payload.
    public static let crcMismatch: Self = "crc.mismatch"
    /// An ID appears twice at one level.
    public static let tagDuplicate: Self = "tag.duplicate"
    /// A mandatory tag is missing.
    public static let tagMissing: Self = "tag.missing"
    /// A value has the wrong characters for its field.
    public static let tagFormat: Self = "tag.format"
    /// A value is too long or too short for its field.
    public static let tagLength: Self = "tag.length"
    /// A tag reserved for future use (kept as is).
    public static let tagUnknown: Self = "tag.unknown"
    /// Tag 01 not '11' or '12'.
    public static let poiInvalid: Self = "poi.invalid"
    /// No merchant account template.
    public static let merchantAccountMissing: Self = "merchantAccount.missing"
    /// A template whose value is not a TLV list.
    public static let templateMalformed: Self = "template.malformed"
    /// A template without sub-tag 00.
    public static let templateGUIDMissing: Self = "template.guidMissing"
    /// Tag 54 is not digits with at most one point and 2 decimals.
    public static let amountFormat: Self = "amount.format"
    /// A dynamic code (01 = 12) without tag 54.
    public static let amountMissing: Self = "amount.missing"
    /// Tag 54 is zero.
    public static let amountZero: Self = "amount.zero"
    /// Tag 54 has a leading zero.
    public static let amountLeadingZero: Self = "amount.leadingZero"
    /// Tag 54 above Rp10,000,000.
    public static let amountAboveCap: Self = "amount.aboveCap"
    /// Tag 55 not '01', '02' or '03'.
    public static let tipInvalid: Self = "tip.invalid"
    /// Tag 55 asks for a fee that is missing.
    public static let tipFeeMissing: Self = "tip.feeMissing"
    /// A fee without the matching tag 55.
    public static let tipFeeUnexpected: Self = "tip.feeUnexpected"
    /// Tag 56 or 57 malformed.
    public static let feeFormat: Self = "fee.format"
    /// Currency not '360' in Indonesia.
    public static let currencyMismatch: Self = "currency.mismatch"
    /// Static code without tag 51.
    public static let nationalMissing: Self = "national.missing"
    /// Tag 51 with an unknown GUID.
    public static let nationalGUID: Self = "national.guid"
    /// Tag 51 without an NMID.
    public static let nmidMissing: Self = "nmid.missing"
    /// NMID malformed.
    public static let nmidFormat: Self = "nmid.format"
    /// Merchant criteria not in QRIS Table 4.6.
    public static let criteriaInvalid: Self = "criteria.invalid"
    /// PJP template without a merchant PAN.
    public static let mpanMissing: Self = "mpan.missing"
    /// Merchant PAN not digits.
    public static let mpanFormat: Self = "mpan.format"
    /// Merchant PAN longer than 19 digits.
    public static let mpanLength: Self = "mpan.length"
    /// Merchant PAN without a '9360' NNS prefix.
    public static let mpanNNS: Self = "mpan.nns"
}
