import Foundation

/// The staff accounts, their set-password links, console sessions and the staff audit log, kept
/// in the ledger's database (so that sessions survive a restart and, later, work across nodes).
///
/// None of this is money state: nothing here writes to the event chain.
public protocol StaffDirectory: Sendable {
    /// Creates an account.
    /// - Throws: `staff.duplicateEmail` when the address is taken; `input.invalidField`.
    func addStaff(_ member: StaffMember, audit: StaffAuditEntry) async throws
    /// The account with this e-mail address (any case), or nil.
    func staffMember(email: String) async throws -> StaffMember?
    /// The account with this id, or nil.
    func staffMember(id: StaffMember.ID) async throws -> StaffMember?
    /// Every account, by e-mail address.
    func staffMembers() async throws -> [StaffMember]
    /// Disables an account and ends its sessions.
    /// - Throws: `staff.unknown`.
    func disableStaff(_ id: StaffMember.ID, at: Date, audit: StaffAuditEntry) async throws -> StaffMember
    /// Records a one-time set-password link (by the SHA-256 of its token), valid until `expiresAt`;
    /// the account's earlier unused links stop working.
    func issuePasswordToken(hash: String, for id: StaffMember.ID, expiresAt: Date, audit: StaffAuditEntry)
        async throws
    /// The account a set-password token (by hash) opens, if the token exists, is unused and unexpired.
    func passwordTokenOwner(hash: String, now: Date) async throws -> StaffMember?
    /// Sets a password hash, using up `tokenHash` when given (atomically: a used token fails with
    /// `staff.tokenInvalid`) and every other link of the account, and ends the account's sessions
    /// except `keepSession`.
    func setPassword(
        _ passwordHash: String, for id: StaffMember.ID, tokenHash: String?, keepSession: String?, now: Date,
        audit: StaffAuditEntry
    ) async throws
    /// Appends to the audit log.
    func appendStaffAudit(_ entry: StaffAuditEntry) async throws
    /// The newest audit entries, newest first.
    func staffAudit(limit: Int) async throws -> [StaffAuditEntry]
    /// Failed sign-ins for an e-mail address since `since`, from `address` or (nil) from anywhere.
    func failedLogins(email: String, address: String?, since: Date) async throws -> Int

    /// Stores a session's value under the SHA-256 of its id, expiring at `expiresAt` (nil keeps the stored expiry).
    func storeSession(keyHash: String, staffID: StaffMember.ID?, value: [UInt8], expiresAt: Date?) async throws
    /// A session's value and expiry, if it exists and has not expired at `now`.
    func session(keyHash: String, now: Date) async throws -> (value: [UInt8], expiresAt: Date)?
    /// Removes a session.
    func removeSession(keyHash: String) async throws
    /// Removes expired sessions; returns how many.
    func purgeExpiredSessions(now: Date) async throws -> Int
}

extension LedgerError.Code {
    /// Another account has this e-mail address.
    public static let duplicateStaffEmail = Self("staff.duplicateEmail")
    /// No account with this id or e-mail address.
    public static let unknownStaff = Self("staff.unknown")
    /// A set-password token that does not exist, was used or has expired.
    public static let staffTokenInvalid = Self("staff.tokenInvalid")
}
