import ErrorModel

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
    public struct Code: ErrorCode, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
    }

    /// What went wrong, in a stable form for programs.
    public var code: Code
    /// What went wrong, for a person: names the tag or field and the bad value.
    public var message: String
    /// The tag path at fault (`54`, `62.01`), when there is one.
    public var path: String?
    /// Offset of the fault in Unicode scalars (the EMVCo "characters") from the start of the input.
    public var characterOffset: Int?
    /// Offset of the fault in UTF-8 bytes from the start of the input.
    public var byteOffset: Int?
    /// The error that caused this one, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was created.
    public var location: SourceLocation

    /// A source location captured by the initialiser, for logs and bug reports.
    public typealias SourceLocation = ErrorLocation

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        path: String? = nil,
        characterOffset: Int? = nil,
        byteOffset: Int? = nil,
        cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.characterOffset = characterOffset
        self.byteOffset = byteOffset
        self.cause = cause
        self.location = SourceLocation(fileID: fileID, line: line)
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
