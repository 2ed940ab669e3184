/// A stable, dotted error code (`signature.mismatch`, `csv.badAmount`): the code type of a
/// ``ModuleError``.
///
/// Extensible: each module declares its own code struct, and each file that throws defines its
/// codes as static members in an extension of it.
public protocol ErrorCode: Hashable, Sendable, RawRepresentable, CustomStringConvertible where RawValue == String {}

extension ErrorCode {
    /// The dotted code.
    public var description: String { rawValue }
}
