import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v7-staff` (issue 15): staff accounts, their one-time set-password links (by the SHA-256 of
    /// the token), console sessions (by the SHA-256 of the session id, so a copy of the database
    /// opens no session) and the staff audit log. None of it is derived from the event chain.
    static let v7Staff = """
        CREATE TABLE staff_members (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
            role TEXT NOT NULL CHECK (role IN ('finance', 'supervisor', 'auditor', 'admin')),
            zones TEXT NOT NULL DEFAULT '',
            password_hash TEXT,
            created_ms INTEGER NOT NULL,
            disabled_ms INTEGER,
            password_changed_ms INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE staff_password_tokens (
            token_hash TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff_members(id),
            expires_ms INTEGER NOT NULL,
            used_ms INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE staff_sessions (
            key_hash TEXT PRIMARY KEY,
            staff_id TEXT REFERENCES staff_members(id),
            value BLOB NOT NULL,
            expires_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff_id) WHERE staff_id IS NOT NULL;
        CREATE TABLE staff_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms INTEGER NOT NULL,
            kind TEXT NOT NULL,
            email TEXT,
            staff_id TEXT,
            address TEXT,
            actor TEXT,
            detail TEXT
        );
        CREATE INDEX staff_audit_failures ON staff_audit(email, at_ms) WHERE kind = 'login.failed';
        """
}
