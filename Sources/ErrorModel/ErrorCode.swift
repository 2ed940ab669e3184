/// A stable, dotted error code (`signature.mismatch`, `csv.badAmount`): the code type of a
/// ``ModuleError``.
///
/// Extensible: each module declares its own code struct (a `rawValue` and ``init(rawValue:)``, no
/// more), and each file that throws defines its codes as static members in an extension of it,
/// with ``init(_:)`` or a string literal (`public static let truncated: Self = "truncated"`).
public protocol ErrorCode: Hashable, Sendable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral
where RawValue == String {
    /// Creates a code from its dotted form; every string is a code.
    init(rawValue: String)
}

extension ErrorCode {
    /// The dotted code.
    public var description: String { rawValue }

    /// Creates a code from its dotted form (`Self("date.invalid")`).
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    /// Creates a code from a literal (`"length.nonDigit"`).
    public init(stringLiteral value: String) { self.init(rawValue: value) }
}
