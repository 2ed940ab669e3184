import ErrorModel

/// The one error type of the `Acquirer` module.
///
/// Modelled on NIO's `FileSystemError`: a stable machine-readable ``code``, a human ``message`` that
/// names the field, header or byte offset and the bad value, the ``field`` it concerns when there is
/// one, an optional underlying ``cause``, and where it was thrown. Secrets never appear in a message.
public struct AcquirerError: ModuleError {
    /// A stable, dotted error code (`signature.mismatch`, `amount.fractionalRupiah`).
    ///
    /// Extensible: each file that throws defines its codes as static members in an extension.
    public struct Code: ErrorCode {
        /// The dotted code.
        public var rawValue: String
        /// Creates a value from its fields.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a value from its fields.
        public init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, in a stable form for programs and the API's error body.
    public var code: Code
    /// What went wrong, for a person: names the field, header or offset and the bad value.
    public var message: String
    /// The input field, header or configuration key at fault, when there is one.
    public var field: String?
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
        field: String? = nil,
        cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
        self.location = SourceLocation(fileID: fileID, line: line)
    }
}

extension AcquirerError.Code {
    /// A date is not a real calendar day or not in `YYYY-MM-DD` form.
    public static let invalidDate = Self("date.invalid")
}

extension AcquirerError.Code {
    /// `--demo` asked for on a host that is not loopback.
    public static let demoNotLoopback = Self("settings.demoNotLoopback")
}
