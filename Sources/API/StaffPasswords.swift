import Dispatch
import Foundation
import HTTPTypes
import HummingbirdBcrypt

/// Staff passwords: the policy (at least 12 characters, not a common password, not the e-mail
/// address), bcrypt at cost 12, and a gate that bounds how much bcrypt work anonymous visitors can
/// make the server do.
public enum StaffPasswords {
    /// The shortest password accepted.
    public static let minimumLength = 12
    /// The longest password in UTF-8 bytes: all that bcrypt reads.
    public static let maximumBytes = 72
    /// bcrypt's cost (2^12 rounds; about a quarter of a second on one core here).
    public static let cost: UInt8 = 12
    /// The most bcrypt computations running or waiting at once; past it, a sign-in answers 503.
    static let gate = WorkGate(running: 2, waiting: 16)
    /// A hash that no password matches quickly, verified when the e-mail is unknown so that an
    /// unknown account takes as long to refuse as a wrong password.
    /// (Made once, on first use, from a random text.)
    static let decoy = Bcrypt.hash(SecretToken.make(bytes: 16), cost: cost)

    /// Checks a new password; throws `password.tooShort`, `password.tooLong` (over 72 UTF-8 bytes, all
    /// bcrypt reads), `password.controlCharacter`, `password.common` or `password.containsEmail`.
    public static func check(_ password: String, email: String) throws {
        let count = password.count
        guard count >= minimumLength else {
            throw APIError.badRequest(
                "password.tooShort", "the password must have at least \(minimumLength) characters, has \(count)",
                field: "password")
        }
        // bcrypt reads at most 72 bytes and stops at a NUL: a longer password, or one with a control
        // character, would be checked here on text bcrypt never sees.
        guard password.utf8.count <= maximumBytes else {
            throw APIError.badRequest(
                "password.tooLong",
                "the password must have at most \(maximumBytes) bytes (UTF-8), has \(password.utf8.count)",
                field: "password")
        }
        if let offset = password.utf8.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw APIError.badRequest(
                "password.controlCharacter",
                "the password has a control character at byte offset \(password.utf8.distance(from: password.utf8.startIndex, to: offset))",
                field: "password")
        }
        let lower = password.lowercased()
        if CommonPasswords.contains(lower) || Set(lower).count <= 2 {
            throw APIError.badRequest(
                "password.common", "the password is too common; choose another (a short sentence works well)",
                field: "password")
        }
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if local.count >= 4, lower.contains(local) {
            throw APIError.badRequest(
                "password.containsEmail", "the password must not contain the e-mail address", field: "password")
        }
    }

    /// The bcrypt hash of `password`, computed off Swift's cooperative pool.
    public static func hash(_ password: String) async -> String {
        await offPool { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash` (the decoy when nil), off Swift's cooperative pool and
    /// through the gate.
    /// - Throws: ``APIError`` 503 `login.busy` when too many checks are already waiting.
    static func verify(_ password: String, hash: String?) async throws -> Bool {
        try await gate.run {
            await offPool { Bcrypt.verify(password, hash: hash ?? decoy) && hash != nil }
        }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

/// At most `running` jobs at once and `waiting` more in line; the rest are refused.
actor WorkGate {
    private let running: Int
    private let waiting: Int
    private var active = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    func run<T: Sendable>(_ work: @Sendable () async -> T) async throws -> T {
        if active >= running {
            guard queue.count < waiting else {
                throw APIError(.serviceUnavailable, "login.busy", "too many sign-ins at once; try again in a moment")
            }
            await withCheckedContinuation { queue.append($0) }
        } else {
            active += 1
        }
        defer {
            if queue.isEmpty { active -= 1 } else { queue.removeFirst().resume() }
        }
        return await work()
    }
}
