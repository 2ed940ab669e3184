/// What the one error struct of each module shares (STYLE.md, "Errors"; modelled on NIO's
/// `FileSystemError`): a stable ``code``, a ``message`` for a person that names the field, line or
/// offset and the bad value, the ``field`` at fault, an optional underlying ``cause``, and where
/// the error was created.
///
/// Each module keeps its own error type, so a caller can tell a ledger failure from an acquirer
/// one (`catch let error as LedgerError`) and each module's codes live in their own namespace. What
/// their bodies would otherwise repeat is here: the stored fields (an ``ErrorBody``), their
/// accessors, the initialiser that captures `#fileID` and `#line`, and the rendering of
/// ``description``. A module error whose fields are all in its body is a ``PlainModuleError``: its
/// code type, its body and ``PlainModuleError/init(body:)``:
///
/// ```swift
/// public struct LedgerError: PlainModuleError {
///     public struct Code: ErrorCode {
///         public var rawValue: String
///         public init(rawValue: String) { self.rawValue = rawValue }
///     }
///     public var body: ErrorBody<Code>
///     public init(body: ErrorBody<Code>) { self.body = body }
/// }
/// ```
///
/// One with fields of its own (a byte offset, an Indonesian sentence) stores them beside the body
/// and has its own initialiser, which builds the body with ``ErrorBody/init(_:_:field:cause:fileID:line:)``.
public protocol ModuleError: Error, Sendable, CustomStringConvertible {
    /// The module's extensible code type.
    associatedtype Code: ErrorCode
    /// The stored fields every module error has.
    var body: ErrorBody<Code> { get set }
}

/// A ``ModuleError`` that is its ``ErrorBody`` and nothing more, so it can be made from a code and a
/// message alone.
public protocol PlainModuleError: ModuleError {
    /// Creates an error from its stored fields.
    init(body: ErrorBody<Code>)
}

extension PlainModuleError {
    /// Creates an error; `fileID` and `line` default to the caller's.
    public init(
        _ code: Code, _ message: String, field: String? = nil, cause: (any Error & Sendable)? = nil,
        fileID: String = #fileID, line: Int = #line
    ) {
        self.init(body: ErrorBody(code, message, field: field, cause: cause, fileID: fileID, line: line))
    }
}

extension ModuleError {
    /// What went wrong, in a stable form for programs and the API's error body.
    public var code: Code {
        get { body.code }
        set { body.code = newValue }
    }
    /// What went wrong, for a person.
    public var message: String {
        get { body.message }
        set { body.message = newValue }
    }
    /// The input field, header or configuration key at fault, when there is one.
    public var field: String? {
        get { body.field }
        set { body.field = newValue }
    }
    /// The error that caused this one, if any.
    public var cause: (any Error & Sendable)? {
        get { body.cause }
        set { body.cause = newValue }
    }
    /// Where the error was created.
    public var location: ErrorLocation {
        get { body.location }
        set { body.location = newValue }
    }

    /// `code: message`, then ` (cause: …)` when there is a cause.
    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
