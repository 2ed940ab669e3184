/// Why issuing, closing or cancelling could not be done: a domain error with a stable code, the
/// field it is about, and what kind of refusal it is, so the HTTP layer maps it to a status in one
/// place (and a command line, a handheld or a console can map it to theirs). Nothing was written.
public struct IssuingError: Error, Sendable, CustomStringConvertible {
    /// What kind of refusal this is.
    public enum Kind: Sendable, Hashable {
        /// The request is malformed or names a bad value.
        case invalid
        /// The acting device or person may not do this.
        case forbidden
        /// What the request names does not exist.
        case notFound
        /// The request conflicts with what an earlier one did (an idempotency key reused).
        case conflict
        /// Well formed, but the rules refuse it now (a stay that costs nothing).
        case refused
        /// The acquirer answered with something Lunas refuses (a QR for another bill).
        case acquirerRefused
        /// The acquirer could not be reached; the caller may try again.
        case acquirerUnavailable
    }

    /// The kind of refusal.
    public var kind: Kind
    /// A stable, dotted code (`idempotency.keyReused`, `tariff.free`, `acquirer.unavailable`).
    public var code: String
    /// What happened, in English.
    public var message: String
    /// The field or header concerned, if any.
    public var field: String?

    /// Creates an error.
    public init(_ kind: Kind, _ code: String, _ message: String, field: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" + (field.map { " (field \($0))" } ?? "") }
}
