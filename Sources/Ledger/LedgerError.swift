// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel

/// The one error type of the `Ledger` module (and of the stores that implement `LedgerStore`).
///
/// Modelled on NIO's `FileSystemError`: a stable machine-readable ``code``, a human ``message``
/// that names the field, row or event and the bad value, the ``field`` it concerns when there is
/// one, an optional underlying ``cause``, and where it was thrown.
public struct LedgerError: PlainModuleError {
    /// A stable, dotted error code (`tariff.unknownVehicleClass`, `invoice.duplicateBillNumber`).
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
