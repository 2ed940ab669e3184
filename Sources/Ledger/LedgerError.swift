import ErrorModel

/// The one error type of the `Ledger` module (and of the stores that implement `LedgerStore`).
///
/// Modelled on NIO's `FileSystemError`: a stable machine-readable ``code``, a human ``message``
/// that names the field, row or event and the bad value, the ``field`` it concerns when there is
/// one, an optional underlying ``cause``, and where it was thrown.
public struct LedgerError: ModuleError {
    /// A stable, dotted error code (`tariff.unknownVehicleClass`, `invoice.duplicateBillNumber`).
    ///
    /// Extensible: each file that throws defines its codes as static members in an extension.
    public struct Code: ErrorCode {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
    }

    /// What went wrong, in a stable form for programs and the API's error body.
    public var code: Code
    /// What went wrong, for a person: names the field, row or event and the bad value.
    public var message: String
    /// The input field or configuration key at fault, when there is one (`vehicleClass`, `zone`).
    public var field: String?
    /// The error that caused this one, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was created.
    public var location: SourceLocation

    /// A source location captured by the static factories, for logs and bug reports.
    public typealias SourceLocation = ErrorLocation

    /// Creates an error; prefer the static factories that the throwing files define.
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
