// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel

/// The one error type of the `QRIS` module: thrown when a payload cannot be parsed at all, or when
/// the builder or the static→dynamic conversion is given a value that does not fit.
///
/// Modelled on NIO's `FileSystemError`: a stable machine-readable ``code``, a human ``message``
/// that names the tag and the bad value, the offsets of the fault in the payload when there is
/// one, and where the error was created. Validation findings are not thrown: they are
/// ``QRISIssue`` values returned all at once by ``QRISPayload/validate(_:)``.
public struct QRISError: ModuleError {
    /// A stable, dotted error code (`length.nonDigit`, `amount.format`).
    ///
    /// The same codes are used by ``QRISIssue`` when a parse failure is reported as a validation
    /// issue, so a program can treat both alike.
    public struct Code: ErrorCode {
        /// The dotted code.
        public var rawValue: String
        /// Creates a code from its dotted form.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// The code, message, cause and source location (read through ``ModuleError``); a QRIS error
    /// names a tag ``path`` rather than a field.
    public var body: ErrorBody<Code>
    /// The tag path at fault (`54`, `62.01`), when there is one.
    public var path: String?
    /// Offset of the fault in Unicode scalars (the EMVCo "characters") from the start of the input.
    public var characterOffset: Int?
    /// Offset of the fault in UTF-8 bytes from the start of the input.
    public var byteOffset: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: names the tag and the bad value.
    ///   - path: the tag path at fault.
    ///   - characterOffset: where in the input, in Unicode scalars.
    ///   - byteOffset: where in the input, in UTF-8 bytes.
    ///   - cause: the underlying error.
    public init(
        _ code: Code, _ message: String, path: String? = nil, characterOffset: Int? = nil, byteOffset: Int? = nil,
        cause: (any Error & Sendable)? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        self.body = ErrorBody(code, message, cause: cause, fileID: fileID, line: line)
        self.path = path
        self.characterOffset = characterOffset
        self.byteOffset = byteOffset
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let characterOffset, let byteOffset {
            text += " (at character \(characterOffset), byte \(byteOffset))"
        }
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}

extension QRISError.Code {
    /// The input is empty (or only whitespace).
    public static let payloadEmpty: Self = "payload.empty"
    /// The input is far beyond any QR code's capacity; refused before parsing.
    public static let payloadTooLong: Self = "payload.tooLong"
    /// The input bytes are not valid UTF-8.
    public static let utf8Invalid: Self = "utf8.invalid"
    /// A tag ID is not two decimal digits.
    public static let tagNonDigit: Self = "tag.nonDigit"
    /// A length is not two decimal digits.
    public static let lengthNonDigit: Self = "length.nonDigit"
    /// A length is `00`; EMVCo allows `01`–`99`.
    public static let lengthZero: Self = "length.zero"
    /// The input ends inside a tag, a length or a value.
    public static let truncated: Self = "truncated"
    /// A value does not fit its field (too long, wrong characters, out of range).
    public static let valueInvalid: Self = "value.invalid"
}
