// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel

/// The one error type of the `Acquirer` module.
///
/// Modelled on NIO's `FileSystemError`: a stable machine-readable ``code``, a human ``message`` that
/// names the field, header or byte offset and the bad value, the ``field`` it concerns when there is
/// one, an optional underlying ``cause``, and where it was thrown. Secrets never appear in a message.
public struct AcquirerError: PlainModuleError {
    /// A stable, dotted error code (`signature.mismatch`, `amount.fractionalRupiah`).
    ///
    /// Extensible: each file that throws defines its codes as static members in an extension.
    public struct Code: ErrorCode {
        /// The dotted code.
        public var rawValue: String
        /// Creates a code from its dotted form.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// The code, message, field, cause and source location (read through ``ModuleError``).
    public var body: ErrorBody<Code>

    /// Creates an error from its stored fields; throwing code calls `init(_:_:field:cause:)` instead.
    public init(body: ErrorBody<Code>) { self.body = body }
}

extension AcquirerError.Code {
    /// A date is not a real calendar day or not in `YYYY-MM-DD` form.
    public static let invalidDate = Self("date.invalid")
}

extension AcquirerError.Code {
    /// `--demo` asked for on a host that is not loopback.
    public static let demoNotLoopback = Self("settings.demoNotLoopback")
}
