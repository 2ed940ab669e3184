/// What every module's error carries (STYLE.md, "Errors"): the stored part of a ``ModuleError``,
/// written once here so that the module error structs do not repeat it.
///
/// A module error stores one `ErrorBody` of its own code type and whatever is particular to the
/// module beside it (a byte offset, a line and column, an Indonesian text); ``ModuleError`` reads
/// and writes these fields through it.
public struct ErrorBody<Code: ErrorCode>: Sendable {
    /// What went wrong, in a stable form for programs and the API's error body.
    public var code: Code
    /// What went wrong, for a person: names the field, line or offset and the bad value.
    public var message: String
    /// The input field, header or configuration key at fault, when there is one.
    public var field: String?
    /// The error that caused this one, if any.
    public var cause: (any Error & Sendable)?
    /// Where the error was created.
    public var location: ErrorLocation

    /// Creates a body; `fileID` and `line` are the throwing code's, passed on by the error's initialiser.
    public init(
        _ code: Code, _ message: String, field: String? = nil, cause: (any Error & Sendable)? = nil,
        fileID: String, line: Int
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
        self.location = ErrorLocation(fileID: fileID, line: line)
    }
}
