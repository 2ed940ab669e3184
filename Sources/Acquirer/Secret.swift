/// A secret value (a client secret, a private key in PEM) that never shows itself.
///
/// `description`, `debugDescription` and reflection (`dump`, string interpolation, logging) all print
/// `<redacted>`. It is deliberately not `Codable`, so a secret cannot be written into JSON by
/// accident. Read the value only where it is used: ``withBytes(_:)`` or ``utf8String``.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let bytes: [UInt8]

    /// Wraps secret bytes.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Wraps a secret string (stored as UTF-8).
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// Calls `body` with the secret bytes.
    public func withBytes<Result>(_ body: ([UInt8]) throws -> Result) rethrows -> Result { try body(bytes) }

    /// The secret as text (for a PEM key).
    public var utf8String: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the secret is empty.
    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    /// An empty mirror: reflection shows nothing of the secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
