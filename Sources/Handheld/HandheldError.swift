// Re-exported: this module's error type is read through ModuleError (code, message, field, cause,
// location), so every importer sees those members without importing ErrorModel itself.
@_exported import ErrorModel

/// Why a handheld command could not do what the attendant asked, in the attendant's words.
///
/// Every error carries a stable ``code``, an English ``message`` for logs and `--lang en`, and the
/// Indonesian ``indonesian`` sentence the attendant reads by default (``text(_:)``). Neither ever
/// holds the device's token.
public struct HandheldError: ModuleError {
    /// A stable error code, `handheld.…`.
    public struct Code: ErrorCode {
        /// The code's text.
        public var rawValue: String
        /// Creates a code from its text.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The state directory has no enrolment yet (`lunas handheld enroll` first).
        public static let notEnrolled = Code("handheld.notEnrolled")
        /// The state directory is already enrolled (with another server or token).
        public static let alreadyEnrolled = Code("handheld.alreadyEnrolled")
        /// An argument is malformed (enrolment URI, plate, reason).
        public static let invalidArgument = Code("handheld.invalidArgument")
        /// The server could not be reached within the time limit and the action needs it.
        public static let unreachable = Code("handheld.unreachable")
        /// The server answered with a refusal (its code is in the message).
        public static let refused = Code("handheld.refused")
        /// The server's answer could not be read.
        public static let badAnswer = Code("handheld.badAnswer")
        /// The offline bundle is missing, has a bad signature, or is not valid now.
        public static let bundleUnusable = Code("handheld.bundleUnusable")
        /// An offline limit of the bundle (`maxHours`, `maxTickets`) is reached.
        public static let offlineLimit = Code("handheld.offlineLimit")
        /// No such ticket on this handheld (or several for the plate).
        public static let ticketNotFound = Code("handheld.ticketNotFound")
        /// The ticket is no longer open.
        public static let ticketClosed = Code("handheld.ticketClosed")
        /// The printer device or file could not be written.
        public static let printer = Code("handheld.printer")
        /// The state directory or its queue could not be read or written.
        public static let state = Code("handheld.state")
    }

    /// The code, English message, field, cause and source location (read through ``ModuleError``).
    public var body: ErrorBody<Code>
    /// What went wrong, in Indonesian (what the attendant reads by default).
    public var indonesian: String

    /// Creates an error; `fileID` and `line` default to the caller's.
    public init(
        _ code: Code, _ message: String, indonesian: String, field: String? = nil, cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID, line: Int = #line
    ) {
        self.body = ErrorBody(code, message, field: field, cause: cause, fileID: fileID, line: line)
        self.indonesian = indonesian
    }

    /// The sentence the attendant reads, in the chosen language.
    public func text(_ language: HandheldLanguage) -> String {
        language == .english ? message : indonesian
    }
}
