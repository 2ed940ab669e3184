import Foundation
import Ledger

extension SQLLedgerStore {

    public func addStaff(_ member: StaffMember, audit: StaffAuditEntry) async throws {
        try member.validate()
        try await write { db, _ in
            if try db.bool("SELECT 1 FROM staff_members WHERE email = ?", [member.email])
                == true
            {
                throw LedgerError(
                    .duplicateStaffEmail, "an account with e-mail \(member.email) exists", field: "email")
            }
            try db.execute(
                """
                INSERT INTO staff_members (id, email, name, role, zones, password_hash, created_ms, password_changed_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    member.id.rawValue, member.email, member.name, member.role.rawValue,
                    member.zones.joined(separator: ","), member.passwordHash, member.createdAt.ledgerMilliseconds,
                    member.passwordHash == nil ? nil : member.createdAt.ledgerMilliseconds,
                ])
            try LedgerQueries.insertAudit(audit, db)
        }
    }

    public func staffMember(email: String) async throws -> StaffMember? {
        try await read { db in
            try db.row(
                "SELECT \(LedgerQueries.staffColumns) FROM staff_members WHERE email = ?", [email.lowercased()]
            ).map(LedgerQueries.staffMember)
        }
    }

    public func staffMember(id: StaffMember.ID) async throws -> StaffMember? {
        try await read { db in
            try db.row(
                "SELECT \(LedgerQueries.staffColumns) FROM staff_members WHERE id = ?", [id.rawValue]
            ).map(LedgerQueries.staffMember)
        }
    }

    public func staffMembers() async throws -> [StaffMember] {
        try await fetchAll(
            "SELECT \(LedgerQueries.staffColumns) FROM staff_members ORDER BY email", LedgerQueries.staffMember)
    }

    public func disableStaff(_ id: StaffMember.ID, at: Date, audit: StaffAuditEntry) async throws -> StaffMember {
        try await write { db, _ in
            let changed = try db.execute(
                "UPDATE staff_members SET disabled_ms = coalesce(disabled_ms, ?) WHERE id = ?",
                [at.ledgerMilliseconds, id.rawValue])
            guard changed == 1,
                let row = try db.row(
                    "SELECT \(LedgerQueries.staffColumns) FROM staff_members WHERE id = ?", [id.rawValue])
            else {
                throw LedgerError(.unknownStaff, "no staff account \(id)", field: "id")
            }
            try db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [id.rawValue])
            try LedgerQueries.insertAudit(audit, db)
            return try LedgerQueries.staffMember(row)
        }
    }

    public func issuePasswordToken(
        hash: String, for id: StaffMember.ID, expiresAt: Date, audit: StaffAuditEntry
    )
        async throws
    {
        try await write { db, _ in
            // A new link cancels every earlier unused link of the account: only the newest works.
            try db.execute(
                "UPDATE staff_password_tokens SET used_ms = ? WHERE staff_id = ? AND used_ms IS NULL",
                [audit.at.ledgerMilliseconds, id.rawValue])
            try db.execute(
                "INSERT INTO staff_password_tokens (token_hash, staff_id, expires_ms) VALUES (?, ?, ?)",
                [hash, id.rawValue, expiresAt.ledgerMilliseconds])
            try LedgerQueries.insertAudit(audit, db)
        }
    }

    public func passwordTokenOwner(hash: String, now: Date) async throws -> StaffMember? {
        try await read { db in
            try db.row(
                """
                SELECT \(LedgerQueries.staffColumns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM staff_password_tokens t JOIN staff_members s ON s.id = t.staff_id
                WHERE t.token_hash = ? AND t.used_ms IS NULL AND t.expires_ms > ? AND s.disabled_ms IS NULL
                """, [hash, now.ledgerMilliseconds]
            ).map(LedgerQueries.staffMember)
        }
    }

    public func setPassword(
        _ passwordHash: String, for id: StaffMember.ID, tokenHash: String?, keepSession: String?, now: Date,
        audit: StaffAuditEntry
    ) async throws {
        try await write { db, _ in
            if let tokenHash {
                let changed = try db.execute(
                    """
                    UPDATE staff_password_tokens SET used_ms = ?
                    WHERE token_hash = ? AND staff_id = ? AND used_ms IS NULL AND expires_ms > ?
                    """, [now.ledgerMilliseconds, tokenHash, id.rawValue, now.ledgerMilliseconds])
                guard changed == 1 else {
                    throw LedgerError(
                        .staffTokenInvalid, "the set-password link was used, has expired or does not exist",
                        field: "token")
                }
            }
            let changed = try db.execute(
                """
                UPDATE staff_members SET password_hash = ?, password_changed_ms = ?
                WHERE id = ? AND disabled_ms IS NULL
                """, [passwordHash, now.ledgerMilliseconds, id.rawValue])
            guard changed == 1 else {
                throw LedgerError(.unknownStaff, "no active staff account \(id)", field: "id")
            }
            // A password set, by link or by its owner, cancels every other link of the account.
            try db.execute(
                "UPDATE staff_password_tokens SET used_ms = ? WHERE staff_id = ? AND used_ms IS NULL",
                [now.ledgerMilliseconds, id.rawValue])
            // Two statements, not `key_hash IS NOT ?`: SQLite's null-safe comparison is a syntax
            // error on PostgreSQL, where no password could be set.
            if let keepSession {
                try db.execute(
                    "DELETE FROM staff_sessions WHERE staff_id = ? AND key_hash <> ?", [id.rawValue, keepSession])
            } else {
                try db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [id.rawValue])
            }
            try LedgerQueries.insertAudit(audit, db)
        }
    }

    public func appendStaffAudit(_ entry: StaffAuditEntry) async throws {
        try await write { db, _ in try LedgerQueries.insertAudit(entry, db) }
    }

    public func staffAudit(limit: Int) async throws -> [StaffAuditEntry] {
        try await fetchAll(
            "SELECT at_ms, kind, email, staff_id, address, actor, detail FROM staff_audit ORDER BY id DESC LIMIT ?",
            arguments: [max(0, limit)]
        ) { row in
            StaffAuditEntry(
                at: Date(ledgerMilliseconds: (try row.get("at_ms"))),
                kind: StaffAuditEntry.Kind(rawValue: (try row.get("kind"))) ?? .loginFailed,
                email: (try row.get("email")),
                staffID: (try row.optionalText("staff_id")).map(StaffMember.ID.init), address: (try row.get("address")),
                actor: (try row.get("actor")), detail: (try row.get("detail")))
        }
    }

    public func failedLogins(email: String, address: String?, since: Date) async throws -> Int {
        // Two statements, not `(? IS NULL OR address = ?)`: PostgreSQL cannot type a NULL that
        // only `IS NULL` reads (42P08), and every sign-in failed there.
        let all = "SELECT count(*) FROM staff_audit WHERE kind = 'login.failed' AND email = ? AND at_ms >= ?"
        return try await read { db in
            if let address {
                try db.int(all + " AND address = ?", [email.lowercased(), since.ledgerMilliseconds, address]) ?? 0
            } else {
                try db.int(all, [email.lowercased(), since.ledgerMilliseconds]) ?? 0
            }
        }
    }

    public func storeSession(
        keyHash: String, staffID: StaffMember.ID?, value: [UInt8], expiresAt: Date?
    )
        async throws
    {
        try await write { db, _ in
            if let expiresAt {
                try db.execute(
                    """
                    INSERT INTO staff_sessions (key_hash, staff_id, value, expires_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT (key_hash) DO UPDATE SET value = excluded.value, expires_ms = excluded.expires_ms,
                        staff_id = excluded.staff_id
                    """, [keyHash, staffID?.rawValue, Data(value), expiresAt.ledgerMilliseconds])
            } else {
                try db.execute(
                    "UPDATE staff_sessions SET value = ?, staff_id = ? WHERE key_hash = ?",
                    [Data(value), staffID?.rawValue, keyHash])
            }
        }
    }

    public func session(keyHash: String, now: Date) async throws -> (value: [UInt8], expiresAt: Date)? {
        try await read { db in
            guard
                let row = try db.row(
                    "SELECT value, expires_ms FROM staff_sessions WHERE key_hash = ? AND expires_ms > ?",
                    [keyHash, now.ledgerMilliseconds])
            else { return nil }
            let value: Data = (try row.get("value"))
            return ([UInt8](value), Date(ledgerMilliseconds: (try row.get("expires_ms"))))
        }
    }

    public func removeSession(keyHash: String) async throws {
        try await write { db, _ in
            try db.execute("DELETE FROM staff_sessions WHERE key_hash = ?", [keyHash])
        }
    }

    public func purgeExpiredSessions(now: Date) async throws -> Int {
        try await write { db, _ in
            return try db.execute("DELETE FROM staff_sessions WHERE expires_ms <= ?", [now.ledgerMilliseconds])
        }
    }
}

extension LedgerQueries {
    package static let staffColumns = "id, email, name, role, zones, password_hash, created_ms, disabled_ms"

    package static func staffMember(_ row: some PositionalRow) throws -> StaffMember {
        let roleText: String = (try row.get("role"))
        guard let role = StaffMember.Role(rawValue: roleText) else {
            throw LedgerQueries.internalError("staff_members.role \"\(roleText)\" is unknown")
        }
        let zones: String = (try row.get("zones"))
        return StaffMember(
            id: StaffMember.ID(try row.text("id")), email: (try row.get("email")), name: (try row.get("name")),
            role: role,
            zones: zones.split(separator: ",").map(String.init), passwordHash: (try row.get("password_hash")),
            createdAt: Date(ledgerMilliseconds: (try row.get("created_ms"))),
            disabledAt: (try row.optionalInt64("disabled_ms")).map(Date.init(ledgerMilliseconds:)))
    }

    package static func insertAudit(_ entry: StaffAuditEntry, _ db: some SQLSession) throws {
        try db.execute(
            """
            INSERT INTO staff_audit (at_ms, kind, email, staff_id, address, actor, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entry.at.ledgerMilliseconds, entry.kind.rawValue, entry.email, entry.staffID?.rawValue, entry.address,
                entry.actor, entry.detail,
            ])
    }
}
