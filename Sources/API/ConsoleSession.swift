import Foundation
import Ledger

/// What the server keeps for one signed-in staff member (the value of a console session; the
/// browser holds only the session id in the `lunas_session` cookie).
public struct ConsoleSession: Codable, Sendable, Hashable {
    /// The staff member.
    public var staffID: String
    /// The CSRF token every state-changing form of this session carries (hidden field `csrf`).
    public var csrf: String
    /// When the session began (milliseconds since 1970, UTC): it ends 12 hours later whatever happens.
    public var createdMs: Int64
    /// The language chosen with `?lang=en` / `?lang=id` (nil: Indonesian).
    public var language: String?

    /// How long a session lives without a request.
    public static let idleLimit: Duration = .seconds(30 * 60)
    /// How long a session lives at most.
    public static let absoluteLimit: TimeInterval = 12 * 3600

    /// A new session for a staff member, with a fresh CSRF token.
    public init(staffID: String, createdAt: Date, language: String? = nil) {
        self.staffID = staffID
        self.csrf = SecretToken.make(bytes: 24)
        self.createdMs = createdAt.ledgerMilliseconds
        self.language = language
    }

    /// Whether the session's 12 hours are over at `now`.
    public func isPastAbsoluteLimit(_ now: Date) -> Bool {
        Double(now.ledgerMilliseconds - createdMs) >= Self.absoluteLimit * 1000
    }

    /// The expiry to give the session at `now`: 30 minutes, never past its 12 hours.
    public func slidingExpiry(_ now: Date) -> Duration {
        let remaining = Self.absoluteLimit - Double(now.ledgerMilliseconds - createdMs) / 1000
        return .seconds(max(1, min(Double(Self.idleLimit.components.seconds), remaining.rounded(.down))))
    }
}

/// Unguessable URL-safe tokens (device credentials, session CSRF tokens, set-password links).
enum SecretToken {
    /// `bytes` random bytes as unpadded base64url.
    static func make(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
