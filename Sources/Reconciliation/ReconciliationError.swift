// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel
import Ledger

/// The one error type of the `Reconciliation` module.
///
/// Like NIO's `FileSystemError`: a stable ``code``, a ``message`` that names where the input is bad
/// (file line and column, XML path, profile key) and the bad value, the ``field`` concerned, an
/// optional ``cause`` and the source location. A reader that throws has imported nothing.
public struct ReconciliationError: ModuleError {
    /// A stable, dotted error code (`csv.badAmount`, `profile.unknownKey`).
    public struct Code: ErrorCode {
        /// The dotted code.
        public var rawValue: String
        /// Creates a code from its dotted form.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Where in an input file the problem is, when it is in a file.
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        /// 1-based line number (for XML, the parser's line).
        public var line: Int?
        /// 1-based column (CSV field position) or character column.
        public var column: Int?
        /// The XML element path (`/Document/BkToCstmrStmt/Stmt/Ntry[3]/Amt`) for camt files.
        public var path: String?

        public init(line: Int? = nil, column: Int? = nil, path: String? = nil) {
            self.line = line
            self.column = column
            self.path = path
        }

        public var description: String {
            var parts: [String] = []
            if let line { parts.append("line \(line)") }
            if let column { parts.append("column \(column)") }
            if let path { parts.append(path) }
            return parts.joined(separator: ", ")
        }
    }

    /// The code, message, field, cause and source location (read through ``ModuleError``).
    public var body: ErrorBody<Code>
    /// Where in the input the fault is, when the input has lines or a structure.
    public var position: Position?
    /// The offending value as read (cut to a readable length by the thrower).
    public var value: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: names the field, line or element and the bad value.
    ///   - field: the column, element or key at fault.
    ///   - position: where in the input.
    ///   - value: the offending value.
    ///   - cause: the underlying error.
    public init(
        _ code: Code, _ message: String, field: String? = nil, position: Position? = nil, value: String? = nil,
        cause: (any Error & Sendable)? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        self.body = ErrorBody(code, message, field: field, cause: cause, fileID: fileID, line: line)
        self.position = position
        self.value = value
    }

}

extension ReconciliationError.Code {
    /// The settlement profile JSON is invalid (unknown key, wrong type, missing column).
    public static let profileInvalid = Self("profile.invalid")
    /// A key in a JSON configuration file is not known.
    public static let unknownKey = Self("config.unknownKey")
    /// A configuration file (MDR schedule, holiday calendar) is invalid.
    public static let configInvalid = Self("config.invalid")
    /// A CSV file is structurally malformed (quotes, column count, header).
    public static let csvMalformed = Self("csv.malformed")
    /// A CSV value does not parse (amount, date, status).
    public static let csvBadValue = Self("csv.badValue")
    /// A camt.053/054 document is malformed or not a supported camt message.
    public static let camtMalformed = Self("camt.malformed")
    /// An MT940 statement is malformed.
    public static let mt940Malformed = Self("mt940.malformed")
    /// A file cannot be opened or read.
    public static let io = Self("io.failed")
    /// An invoice list is inconsistent (duplicate bill number).
    public static let invoiceInvalid = Self("invoice.invalid")
    /// The import registry cannot be read or written.
    public static let registry = Self("registry.failed")
}

extension ReconciliationError {
    /// How a configuration file's problem becomes a `config.invalid` error (``ConfigObject``).
    static let configFailure: ConfigObject.Failure = { ReconciliationError(.configInvalid, $0, field: $1) }
    /// How a settlement profile's problem becomes a `profile.invalid` error (``ConfigObject``).
    static let profileFailure: ConfigObject.Failure = { ReconciliationError(.profileInvalid, $0, field: $1) }
}
