import Foundation

/// One line of the staff audit log: sign-ins, failures, sign-outs and account changes.
///
/// The log is a table of its own, not the money chain, so that an anonymous visitor who fails to
/// sign in writes only here. Administrators read it in the console.
public struct StaffAuditEntry: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A correct password: a session began.
        case loginSucceeded = "login.succeeded"
        /// A wrong e-mail or password (or a disabled account).
        case loginFailed = "login.failed"
        /// A sign-in refused without checking the password: too many failures for this account from this address.
        case loginLocked = "login.locked"
        /// A session ended by its owner.
        case logout
        /// An account was created.
        case staffAdded = "staff.added"
        /// An account was disabled.
        case staffDisabled = "staff.disabled"
        /// A set-password link was issued.
        case passwordLinkIssued = "password.linkIssued"
        /// A password was set or changed.
        case passwordChanged = "password.changed"
    }

    /// When (UTC).
    public var at: Date
    /// What happened.
    public var kind: Kind
    /// The e-mail address the entry is about (as typed, for failures), if any.
    public var email: String?
    /// The account, when one is known.
    public var staffID: StaffMember.ID?
    /// The client address (after `http.trustedProxies`), or nil for the command line.
    public var address: String?
    /// Who made an account change (a staff id, or `operator` for the command line), if not the person themself.
    public var actor: String?
    /// A short detail ("wrong password", "account disabled").
    public var detail: String?

    /// Creates a value from its parts.
    public init(
        at: Date, kind: Kind, email: String? = nil, staffID: StaffMember.ID? = nil, address: String? = nil,
        actor: String? = nil, detail: String? = nil
    ) {
        self.at = at
        self.kind = kind
        self.email = email.map { String($0.lowercased().prefix(254)) }
        self.staffID = staffID
        self.address = address.map { String($0.prefix(64)) }
        self.actor = actor
        self.detail = detail.map { String($0.prefix(200)) }
    }
}
