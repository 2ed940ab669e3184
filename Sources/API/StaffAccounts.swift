import Crypto
import Foundation
import Ledger

/// Creating, disabling and re-opening staff accounts: what `lunas staff …` and the console's staff
/// page share.
public struct StaffAccounts: Sendable {
    /// How long a set-password link stays valid.
    public static let linkLifetime: TimeInterval = 24 * 3600

    let directory: any StaffDirectory
    /// `public.baseURL` (links are built from it).
    let publicBase: String
    let now: @Sendable () -> Date

    /// Creates the service.
    public init(directory: any StaffDirectory, publicBase: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.publicBase = publicBase
        self.now = now
    }

    /// Creates an account; with a password it can sign in at once, without one the answer carries a
    /// one-time set-password link valid 24 hours.
    /// - Parameters:
    ///   - actor: who creates it (a staff id, or `operator` for the command line).
    /// - Throws: `staff.duplicateEmail`, `input.invalidField`, `password.*`.
    public func add(
        email: String, name: String, role: StaffMember.Role, zones: [String], password: String?, actor: String
    ) async throws -> (member: StaffMember, link: String?) {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        try StaffMember.validateEmail(email)
        if let password { try StaffPasswords.check(password, email: email) }
        let hash: String? =
            if let password { await StaffPasswords.hash(password) } else { nil }
        let member = StaffMember(
            id: .generate(), email: email, name: name.trimmingCharacters(in: .whitespaces), role: role, zones: zones,
            passwordHash: hash, createdAt: now())
        try await directory.addStaff(
            member,
            audit: StaffAuditEntry(
                at: now(), kind: .staffAdded, email: email, staffID: member.id, actor: actor,
                detail: "role \(role.rawValue)"))
        let link = password == nil ? try await issueLink(for: member, actor: actor) : nil
        return (member, link)
    }

    /// A new one-time set-password link for an active account, valid 24 hours.
    public func issueLink(for member: StaffMember, actor: String) async throws -> String {
        guard member.isActive else {
            throw APIError.badRequest("staff.disabled", "the account \(member.email) is disabled", field: "email")
        }
        let token = SecretToken.make(bytes: 32)
        try await directory.issuePasswordToken(
            hash: Self.tokenHash(token), for: member.id, expiresAt: now().addingTimeInterval(Self.linkLifetime),
            audit: StaffAuditEntry(
                at: now(), kind: .passwordLinkIssued, email: member.email, staffID: member.id, actor: actor))
        return "\(publicBase)/console/set-password?token=\(token)"
    }

    /// Disables the account with this e-mail address and ends its sessions.
    /// - Throws: `staff.unknown`.
    public func disable(email: String, actor: String) async throws -> StaffMember {
        guard let member = try await directory.staffMember(email: email) else {
            throw LedgerError(.unknownStaff, "no staff account with e-mail \(email.lowercased())", field: "email")
        }
        return try await directory.disableStaff(
            member.id, at: now(),
            audit: StaffAuditEntry(
                at: now(), kind: .staffDisabled, email: member.email, staffID: member.id, actor: actor))
    }

    /// The SHA-256 (hex) of a set-password token: what the database keeps.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).ledgerHex
    }
}
