import GRDB
import Ledger
import LedgerSQL

// The migrations of issue 14 (closing the day): settlement application, exceptions as work, closed days.
extension LedgerSchema {
    /// `v4-settlement` (issue 14): the `auditor` role (`devices` rebuilt for its role `CHECK`, as in
    /// `v3-devices`); exceptions as work (`exception_cases`, one row per exception, opened from a
    /// notify's payment exception or a settlement row, resolved by a person); what each settlement
    /// file settled (`invoice_settlements`) and how far each file has been applied
    /// (`settlement_applications`). Every payment exception recorded so far becomes an open case with
    /// its own id as key, as the replay of its `payment.exception` event opens it.
    static let v4Settlement = """
        CREATE TABLE devices_v4 (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('attendant', 'kiosk', 'finance', 'admin', 'supervisor', 'auditor')),
            credential_hash TEXT NOT NULL UNIQUE,
            enrolled_ms INTEGER NOT NULL,
            revoked_ms INTEGER,
            revocation_reason TEXT,
            last_sequence INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0)
        ) WITHOUT ROWID;
        INSERT INTO devices_v4 (
            id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence
        )
            SELECT id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence
            FROM devices;
        DROP TABLE devices;
        ALTER TABLE devices_v4 RENAME TO devices;

        CREATE TABLE exception_cases (
            id TEXT PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            category TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('notify', 'settlement_file', 'ledger')),
            amount INTEGER CHECK (amount BETWEEN 0 AND \(maximumAmount)),
            invoice_id TEXT,
            payment_id TEXT,
            device_id TEXT,
            bill_number TEXT,
            rrn TEXT,
            issuer TEXT,
            paid_ms INTEGER,
            settlement_id TEXT,
            settlement_row INTEGER,
            settlement_location TEXT,
            detail TEXT NOT NULL,
            opened_ms INTEGER NOT NULL,
            opened_by_set INTEGER NOT NULL CHECK (opened_by_set IN (0, 1)),
            opened_by_device TEXT,
            opened_by_staff TEXT,
            assignee TEXT,
            assigned_ms INTEGER,
            resolution TEXT,
            resolution_note TEXT,
            resolution_invoice_id TEXT,
            resolution_duplicate_of TEXT,
            resolved_by_device TEXT,
            resolved_by_staff TEXT,
            resolved_ms INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX exception_cases_by_opened ON exception_cases(opened_ms);
        CREATE INDEX exception_cases_by_invoice ON exception_cases(invoice_id) WHERE invoice_id IS NOT NULL;
        INSERT INTO exception_cases (
            id, key, category, origin, amount, bill_number, rrn, issuer, paid_ms, detail, opened_ms, opened_by_set
        )
            SELECT id, id, CASE reason WHEN 'unknown_invoice' THEN 'unknown_bill' ELSE reason END, 'notify', amount,
                bill_number, rrn, issuer, paid_ms, detail, recorded_ms, 0
            FROM payment_exceptions;

        CREATE TABLE invoice_settlements (
            invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
            settlement_id TEXT NOT NULL,
            settlement_row INTEGER NOT NULL CHECK (settlement_row >= 0),
            location TEXT NOT NULL,
            gross INTEGER NOT NULL CHECK (gross BETWEEN 0 AND \(maximumAmount)),
            mdr INTEGER NOT NULL CHECK (mdr >= 0),
            net INTEGER NOT NULL CHECK (net >= 0),
            settled_ms INTEGER NOT NULL,
            CHECK (gross = mdr + net)
        ) WITHOUT ROWID;
        CREATE INDEX invoice_settlements_by_file ON invoice_settlements(settlement_id, settlement_row);

        CREATE TABLE settlement_applications (
            settlement_id TEXT PRIMARY KEY,
            applied_rows INTEGER NOT NULL CHECK (applied_rows >= 0),
            row_count INTEGER NOT NULL CHECK (row_count >= applied_rows),
            settled INTEGER NOT NULL,
            payments_recorded INTEGER NOT NULL,
            exceptions_opened INTEGER NOT NULL,
            completed_ms INTEGER,
            actor_device TEXT,
            actor_staff TEXT
        ) WITHOUT ROWID;
        """

    /// `v6-days` (issue 14): every closed city day with its signed statement (the `day.closed`
    /// event's, as canonical JSON). `v5` is the refunds migration.
    static let v6Days = """
        CREATE TABLE closed_days (
            date TEXT PRIMARY KEY CHECK (length(date) = 10),
            statement TEXT NOT NULL,
            closed_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}
