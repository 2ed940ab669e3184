/// What the one error struct of each module shares (STYLE.md, "Errors"; modelled on NIO's
/// `FileSystemError`): a stable ``code``, a ``message`` for a person that names the field, line or
/// offset and the bad value, an optional underlying ``cause``, and where the error was created.
///
/// Each module keeps its own error type, so a caller can tell a ledger failure from an acquirer
/// one; this protocol holds what their bodies would otherwise repeat: the rendering of
/// ``description`` and the source location.
public protocol ModuleError: Error, Sendable, CustomStringConvertible {
    /// The module's extensible code type.
    associatedtype Code: ErrorCode
    /// What went wrong, in a stable form for programs and the API's error body.
    var code: Code { get }
    /// What went wrong, for a person.
    var message: String { get }
    /// The error that caused this one, if any.
    var cause: (any Error & Sendable)? { get }
    /// Where the error was created.
    var location: ErrorLocation { get }
}

extension ModuleError {
    /// `code: message`, then ` (cause: …)` when there is a cause.
    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
