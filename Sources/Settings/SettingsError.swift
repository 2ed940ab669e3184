// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel

/// The one error type of the `Settings` module: a setting that cannot be read.
///
/// Modelled on NIO's `FileSystemError`: a stable ``code``, a ``message`` that names the key, the
/// layer it came from and the bad value, the ``field`` (the setting's dotted key or the JSON path of
/// a key in the configuration file), an optional ``cause``, and where it was thrown.
public struct SettingsError: PlainModuleError {
    /// A stable, dotted error code (`settings.invalidValue`).
    public struct Code: ErrorCode {
        /// The dotted code.
        public var rawValue: String
        /// Creates a code from its dotted form.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A setting's value is not valid (wrong type, out of range, empty, an object or a list in
        /// the configuration file). A command exits 2.
        public static let invalidValue: Self = "settings.invalidValue"
        /// The configuration file holds a key that no reader owns. A command exits 78.
        public static let unknownKey: Self = "settings.unknownKey"
        /// The configuration file is named but missing, or is not JSON. A command exits 78.
        public static let configFileUnreadable: Self = "settings.configFileUnreadable"
    }

    /// The code, message, field (the setting's dotted key, or the JSON path of the offending key in
    /// the configuration file), cause and source location (read through ``ModuleError``).
    public var body: ErrorBody<Code>

    /// Creates an error from its stored fields; throwing code calls `init(_:_:field:cause:)` instead.
    public init(body: ErrorBody<Code>) { self.body = body }

    /// The exit status of a command refused with this error: 78 (`EX_CONFIG`) for a configuration
    /// file that cannot be read or holds a key nobody owns, 2 (a usage error) for a bad value.
    public var exitStatus: Int32 {
        code == .invalidValue ? 2 : 78
    }
}
