/// The one error type of the `Settings` module: a setting that cannot be read.
///
/// Modelled on NIO's `FileSystemError`: a stable ``code``, a ``message`` that names the key, the
/// layer it came from and the bad value, the ``field`` (the setting's dotted key or the JSON path of
/// a key in the configuration file), an optional ``cause``, and where it was thrown.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted error code (`settings.invalidValue`).
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// The dotted code.
        public var rawValue: String
        /// Creates a code from its dotted form.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a code from its dotted form.
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        /// A setting's value is not valid (wrong type, out of range, empty, an object or a list in
        /// the configuration file). A command exits 2.
        public static let invalidValue: Self = "settings.invalidValue"
        /// The configuration file holds a key that no reader owns. A command exits 78.
        public static let unknownKey: Self = "settings.unknownKey"
        /// The configuration file is named but missing, or is not JSON. A command exits 78.
        public static let configFileUnreadable: Self = "settings.configFileUnreadable"
    }

    /// What went wrong, in a stable form.
    public var code: Code
    /// What went wrong, for a person: the key, the layer and the bad value.
    public var message: String
    /// The setting's dotted key, or the JSON path of the offending key in the configuration file.
    public var field: String?
    /// The error that caused this one, if any.
    public var cause: (any Error & Sendable)?
    /// The `#fileID` of the throwing code.
    public var fileID: String
    /// The line of the throwing code.
    public var line: Int

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, field: String? = nil, cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
        self.fileID = fileID
        self.line = line
    }

    /// The exit status of a command refused with this error: 78 (`EX_CONFIG`) for a configuration
    /// file that cannot be read or holds a key nobody owns, 2 (a usage error) for a bad value.
    public var exitStatus: Int32 {
        code == .invalidValue ? 2 : 78
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
