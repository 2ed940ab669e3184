import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The staff directory on a real SQLite file (migration `v7-staff`) and on PostgreSQL: accounts,
/// set-password tokens, sessions and the audit log; none of it touches the event chain.
@Suite("Staff directory on SQLite and PostgreSQL")
struct StaffDirectoryTests {
    static let now = TestLedger.morning

    /// Runs `body` with a fresh, empty store of `kind`, as a staff directory.
    static func on(
        _ kind: StoreUnderTest, _ body: (any LedgerStore & StaffDirectory) async throws -> Void
    ) async throws {
        try await kind.run { ledger in try await body(try #require(ledger as? any LedgerStore & StaffDirectory)) }
    }

    static func member(_ email: String, role: StaffMember.Role = .finance) -> StaffMember {
        StaffMember(
            id: .generate(), email: email, name: "Staf", role: role, zones: ["b", "a", "a"], passwordHash: "$2b$x",
            createdAt: now)
    }

    static func audit(
        _ kind: StaffAuditEntry.Kind, _ email: String? = nil, address: String? = nil, at: Date = now
    )
        -> StaffAuditEntry
    {
        StaffAuditEntry(at: at, kind: kind, email: email, address: address)
    }

    @Test(
        "accounts: e-mail unique in any case, read back by e-mail and id, disabled for good; bad input refused",
        arguments: StoreUnderTest.grouped)
    func accounts(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            let rina = Self.member("Rina@Ambon.example")
            try await store.addStaff(rina, audit: Self.audit(.staffAdded))
            #expect(try await store.staffMember(email: "RINA@ambon.EXAMPLE") == rina)
            #expect(try await store.staffMember(id: rina.id)?.zones == ["a", "b"])
            await #expect(throws: LedgerError.self) {
                try await store.addStaff(Self.member("rina@ambon.example"), audit: Self.audit(.staffAdded))
            }
            for bad in ["no-at-sign", "a@b", "a b@c.example", "@ambon.example"] {
                await #expect(throws: LedgerError.self, "\(bad)") {
                    try await store.addStaff(Self.member(bad), audit: Self.audit(.staffAdded))
                }
            }
            #expect(try await store.staffMembers().count == 1)
            let later = Self.now.addingTimeInterval(60)
            let disabled = try await store.disableStaff(rina.id, at: later, audit: Self.audit(.staffDisabled))
            #expect(disabled.disabledAt == later)
            let again = try await store.disableStaff(
                rina.id, at: later.addingTimeInterval(60), audit: Self.audit(.staffDisabled))
            #expect(again.disabledAt == later, "the first disabling time stays")
            await #expect(throws: LedgerError.self) {
                _ = try await store.disableStaff(
                    StaffMember.ID("stf_nobody"), at: later, audit: Self.audit(.staffDisabled))
            }
            #expect(try await store.events(after: 0, limit: 10).isEmpty, "nothing in the chain")
        }
    }

    @Test(
        "set-password tokens: valid until expiry, once; setting a password ends other sessions",
        arguments: StoreUnderTest.grouped)
    func tokensAndPasswords(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            let rina = Self.member("rina@ambon.example")
            try await store.addStaff(rina, audit: Self.audit(.staffAdded))
            let expires = Self.now.addingTimeInterval(3600)
            try await store.issuePasswordToken(
                hash: "t0", for: rina.id, expiresAt: expires, audit: Self.audit(.passwordLinkIssued))
            try await store.issuePasswordToken(
                hash: "t1", for: rina.id, expiresAt: expires, audit: Self.audit(.passwordLinkIssued))
            #expect(
                try await store.passwordTokenOwner(hash: "t0", now: Self.now) == nil,
                "a newer link cancels the older one")
            #expect(try await store.passwordTokenOwner(hash: "t1", now: Self.now)?.id == rina.id)
            #expect(try await store.passwordTokenOwner(hash: "t1", now: expires) == nil)
            #expect(try await store.passwordTokenOwner(hash: "nope", now: Self.now) == nil)

            for key in ["s1", "s2"] {
                try await store.storeSession(keyHash: key, staffID: rina.id, value: [1], expiresAt: expires)
            }
            try await store.setPassword(
                "$2b$new", for: rina.id, tokenHash: "t1", keepSession: "s1", now: Self.now,
                audit: Self.audit(.passwordChanged))
            #expect(try await store.staffMember(id: rina.id)?.passwordHash == "$2b$new")
            #expect(try await store.session(keyHash: "s1", now: Self.now) != nil)
            #expect(try await store.session(keyHash: "s2", now: Self.now) == nil)
            await #expect(throws: LedgerError.self, "a token works once") {
                try await store.setPassword(
                    "$2b$other", for: rina.id, tokenHash: "t1", keepSession: nil, now: Self.now,
                    audit: Self.audit(.passwordChanged))
            }
            #expect(
                try await store.staffMember(id: rina.id)?.passwordHash == "$2b$new",
                "the refused change changed nothing")
            // Setting a password (here by its owner, no link) cancels every outstanding link.
            try await store.issuePasswordToken(
                hash: "t2", for: rina.id, expiresAt: expires, audit: Self.audit(.passwordLinkIssued))
            try await store.setPassword(
                "$2b$own", for: rina.id, tokenHash: nil, keepSession: "s1", now: Self.now,
                audit: Self.audit(.passwordChanged))
            #expect(try await store.passwordTokenOwner(hash: "t2", now: Self.now) == nil)
            _ = try await store.disableStaff(rina.id, at: Self.now, audit: Self.audit(.staffDisabled))
            #expect(try await store.session(keyHash: "s1", now: Self.now) == nil, "disabling ends the sessions")
        }
    }

    @Test(
        "sessions: stored by hash with an expiry; nil expiry keeps it; expired ones are not read and are purged",
        arguments: StoreUnderTest.grouped)
    func sessions(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            let expires = Self.now.addingTimeInterval(1800)
            try await store.storeSession(keyHash: "k", staffID: nil, value: [1, 2], expiresAt: expires)
            try await store.storeSession(keyHash: "k", staffID: nil, value: [3], expiresAt: nil)
            let read = try #require(try await store.session(keyHash: "k", now: Self.now))
            #expect(read.value == [3])
            #expect(read.expiresAt == expires)
            #expect(try await store.session(keyHash: "k", now: expires) == nil)
            #expect(try await store.purgeExpiredSessions(now: Self.now) == 0)
            #expect(try await store.purgeExpiredSessions(now: expires) == 1)
            try await store.storeSession(keyHash: "gone", staffID: nil, value: [1], expiresAt: expires)
            try await store.removeSession(keyHash: "gone")
            #expect(try await store.session(keyHash: "gone", now: Self.now) == nil)
        }
    }

    @Test(
        "failed sign-ins are counted per e-mail, per address and inside the window; the log reads newest first",
        arguments: StoreUnderTest.grouped)
    func failures(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            for (minute, address) in [(0, "10.0.0.1"), (1, "10.0.0.1"), (2, "10.0.0.2"), (20, "10.0.0.1")] {
                try await store.appendStaffAudit(
                    Self.audit(
                        .loginFailed, "Rina@ambon.example", address: address,
                        at: Self.now.addingTimeInterval(Double(minute) * 60)))
            }
            try await store.appendStaffAudit(Self.audit(.loginSucceeded, "rina@ambon.example", address: "10.0.0.1"))
            #expect(
                try await store.failedLogins(email: "rina@ambon.example", address: "10.0.0.1", since: Self.now) == 3)
            #expect(try await store.failedLogins(email: "rina@ambon.example", address: nil, since: Self.now) == 4)
            #expect(
                try await store.failedLogins(
                    email: "rina@ambon.example", address: nil, since: Self.now.addingTimeInterval(90)) == 2)
            #expect(try await store.failedLogins(email: "other@ambon.example", address: nil, since: Self.now) == 0)
            let log = try await store.staffAudit(limit: 2)
            #expect(log.map(\.kind) == [.loginSucceeded, .loginFailed])
            #expect(log.last?.email == "rina@ambon.example")
        }
    }
}
