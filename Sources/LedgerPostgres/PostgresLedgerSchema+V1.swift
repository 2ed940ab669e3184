extension PostgresLedgerSchema {
    /// `pg-v1`: the ledger's tables as they stand on SQLite after `v10-offline` (the same tables,
    /// columns, checks, unique constraints and indexes, by the same names), in PostgreSQL's types:
    /// SQLite's INTEGER is BIGINT (epoch milliseconds, rupiah, sequence numbers), BLOB is BYTEA,
    /// `length()` of a blob is `octet_length()`, `instr()` is `strpos()`, and the append-only
    /// triggers of `events` raise from a PL/pgSQL function (TRUNCATE is refused as well).
    ///
    /// Statements run one by one, in the migration's transaction, in the order of their foreign keys.
    static let version1: [String] = [
        """
        CREATE TABLE events (
            seq BIGINT PRIMARY KEY CHECK (seq > 0),
            kind TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            at_ms BIGINT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash BYTEA NOT NULL CHECK (octet_length(prev_hash) = 32),
            hash BYTEA NOT NULL CHECK (octet_length(hash) = 32)
        )
        """,
        "CREATE INDEX events_by_entity ON events(entity_id)",
        """
        CREATE FUNCTION lunas_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger events are append-only: % refused', TG_OP;
        END
        $$
        """,
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION lunas_events_append_only()",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION lunas_events_append_only()",
        """
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION lunas_events_append_only()
        """,
        """
        CREATE TABLE chain_head (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL,
            hash BYTEA NOT NULL CHECK (octet_length(hash) = 32)
        )
        """,
        """
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('attendant', 'kiosk', 'finance', 'admin', 'supervisor', 'auditor')),
            credential_hash TEXT NOT NULL UNIQUE,
            enrolled_ms BIGINT NOT NULL,
            revoked_ms BIGINT,
            revocation_reason TEXT,
            last_sequence BIGINT NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
            attendant TEXT,
            code TEXT CHECK (code IS NULL OR length(code) = 4),
            public_key TEXT
        )
        """,
        "CREATE UNIQUE INDEX devices_by_code ON devices(code) WHERE code IS NOT NULL",
        """
        CREATE TABLE device_zones (
            device_id TEXT NOT NULL REFERENCES devices(id),
            zone TEXT NOT NULL CHECK (length(zone) BETWEEN 1 AND 32 AND zone <> '-' AND strpos(zone, ' ') = 0),
            PRIMARY KEY (device_id, zone)
        )
        """,
        """
        CREATE TABLE invoices (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL UNIQUE CHECK (length(bill_number) BETWEEN 1 AND 25),
            kind TEXT NOT NULL CHECK (kind IN ('fee', 'parking')),
            amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 9999999999999),
            qris_payload TEXT NOT NULL,
            receipt_code TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('issued', 'paid', 'paid_late', 'settled', 'expired', 'cancelled', 'refunded')),
            issued_ms BIGINT NOT NULL,
            expires_ms BIGINT NOT NULL,
            device_id TEXT NOT NULL REFERENCES devices(id),
            sequence BIGINT NOT NULL CHECK (sequence > 0),
            fee_code TEXT,
            ticket_id TEXT,
            paid_ms BIGINT,
            status_ms BIGINT NOT NULL,
            idempotency_key TEXT NOT NULL,
            short_code TEXT CHECK (short_code IS NULL OR length(short_code) = 10),
            source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline')),
            UNIQUE (sequence, device_id)
        )
        """,
        "CREATE UNIQUE INDEX invoices_by_opaque_receipt ON invoices(receipt_code) WHERE substr(receipt_code, 1, 4) <> 'LR1-'",
        "CREATE INDEX invoices_by_issue ON invoices(issued_ms)",
        "CREATE INDEX invoices_due ON invoices(expires_ms) WHERE status = 'issued'",
        "CREATE UNIQUE INDEX invoices_by_short_code ON invoices(short_code) WHERE short_code IS NOT NULL",
        """
        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            plate TEXT NOT NULL,
            vehicle_class TEXT NOT NULL,
            zone TEXT NOT NULL,
            entry_ms BIGINT NOT NULL,
            exit_ms BIGINT,
            device_id TEXT NOT NULL REFERENCES devices(id),
            sequence BIGINT NOT NULL CHECK (sequence > 0),
            invoice_id TEXT UNIQUE,
            idempotency_key TEXT NOT NULL,
            closure TEXT CHECK (closure IS NULL OR closure IN ('free', 'void')),
            closure_reason TEXT,
            reprints BIGINT NOT NULL DEFAULT 0 CHECK (reprints >= 0),
            source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline')),
            UNIQUE (sequence, device_id)
        )
        """,
        "CREATE INDEX tickets_by_entry ON tickets(entry_ms)",
        "CREATE INDEX tickets_open_by_plate ON tickets(plate) WHERE invoice_id IS NULL",
        """
        CREATE TABLE payments (
            id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL,
            issuer TEXT NOT NULL,
            amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 9999999999999),
            paid_ms BIGINT NOT NULL,
            recorded_ms BIGINT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            effect TEXT NOT NULL CHECK (effect IN ('paid', 'paid_late', 'extra')),
            verified_profile TEXT,
            verified_key TEXT,
            CHECK ((verified_profile IS NULL) = (verified_key IS NULL)),
            UNIQUE (bill_number, rrn)
        )
        """,
        "CREATE INDEX payments_by_invoice ON payments(invoice_id)",
        "CREATE INDEX payments_by_paid ON payments(paid_ms)",
        """
        CREATE TABLE payment_exceptions (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL,
            issuer TEXT NOT NULL,
            amount BIGINT CHECK (amount BETWEEN 0 AND 9999999999999),
            amount_text TEXT CHECK (length(amount_text) BETWEEN 1 AND 64),
            paid_ms BIGINT NOT NULL,
            recorded_ms BIGINT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            reason TEXT NOT NULL CHECK (
                reason IN (
                    'unknown_invoice', 'amount_mismatch', 'amount_out_of_range', 'invalid_field', 'duplicate_rrn',
                    'pending_offline')),
            detail TEXT NOT NULL,
            body_sha256 TEXT NOT NULL DEFAULT '' CHECK (body_sha256 = '' OR length(body_sha256) = 64),
            verified_profile TEXT,
            verified_key TEXT,
            CHECK (amount IS NOT NULL OR amount_text IS NOT NULL),
            CHECK ((verified_profile IS NULL) = (verified_key IS NULL)),
            UNIQUE (bill_number, rrn, body_sha256)
        )
        """,
        "CREATE INDEX payment_exceptions_by_paid ON payment_exceptions(paid_ms)",
        """
        CREATE TABLE idempotency_keys (
            key TEXT PRIMARY KEY,
            operation TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            request_hash TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE exception_cases (
            id TEXT PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            category TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('notify', 'settlement_file', 'ledger')),
            amount BIGINT CHECK (amount BETWEEN 0 AND 9999999999999),
            invoice_id TEXT,
            payment_id TEXT,
            device_id TEXT,
            bill_number TEXT,
            rrn TEXT,
            issuer TEXT,
            paid_ms BIGINT,
            settlement_id TEXT,
            settlement_row BIGINT,
            settlement_location TEXT,
            detail TEXT NOT NULL,
            opened_ms BIGINT NOT NULL,
            opened_by_set BIGINT NOT NULL CHECK (opened_by_set IN (0, 1)),
            opened_by_device TEXT,
            opened_by_staff TEXT,
            assignee TEXT,
            assigned_ms BIGINT,
            resolution TEXT,
            resolution_note TEXT,
            resolution_invoice_id TEXT,
            resolution_duplicate_of TEXT,
            resolved_by_device TEXT,
            resolved_by_staff TEXT,
            resolved_ms BIGINT
        )
        """,
        "CREATE INDEX exception_cases_by_opened ON exception_cases(opened_ms)",
        "CREATE INDEX exception_cases_by_invoice ON exception_cases(invoice_id) WHERE invoice_id IS NOT NULL",
        "CREATE INDEX exception_cases_by_payment ON exception_cases(payment_id) WHERE payment_id IS NOT NULL",
        """
        CREATE TABLE invoice_settlements (
            invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
            settlement_id TEXT NOT NULL,
            settlement_row BIGINT NOT NULL CHECK (settlement_row >= 0),
            location TEXT NOT NULL,
            gross BIGINT NOT NULL CHECK (gross BETWEEN 0 AND 9999999999999),
            mdr BIGINT NOT NULL CHECK (mdr >= 0),
            net BIGINT NOT NULL CHECK (net >= 0),
            settled_ms BIGINT NOT NULL,
            CHECK (gross = mdr + net)
        )
        """,
        "CREATE INDEX invoice_settlements_by_file ON invoice_settlements(settlement_id, settlement_row)",
        """
        CREATE TABLE settlement_applications (
            settlement_id TEXT PRIMARY KEY,
            applied_rows BIGINT NOT NULL CHECK (applied_rows >= 0),
            row_count BIGINT NOT NULL CHECK (row_count >= applied_rows),
            settled BIGINT NOT NULL,
            payments_recorded BIGINT NOT NULL,
            exceptions_opened BIGINT NOT NULL,
            completed_ms BIGINT,
            actor_device TEXT,
            actor_staff TEXT
        )
        """,
        """
        CREATE TABLE payment_refunds (
            id TEXT PRIMARY KEY,
            payment_id TEXT NOT NULL REFERENCES payments(id),
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 9999999999999),
            reason TEXT NOT NULL,
            partner_refund_no TEXT NOT NULL,
            acquirer_reference TEXT NOT NULL,
            refunded_ms BIGINT NOT NULL,
            actor_device TEXT,
            actor_staff TEXT,
            idempotency_key TEXT NOT NULL UNIQUE
        )
        """,
        "CREATE INDEX payment_refunds_by_payment ON payment_refunds(payment_id)",
        "CREATE INDEX payment_refunds_by_invoice ON payment_refunds(invoice_id)",
        """
        CREATE TABLE closed_days (
            date TEXT PRIMARY KEY CHECK (length(date) = 10),
            statement TEXT NOT NULL,
            closed_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE staff_members (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
            role TEXT NOT NULL CHECK (role IN ('finance', 'supervisor', 'auditor', 'admin')),
            zones TEXT NOT NULL DEFAULT '',
            password_hash TEXT,
            created_ms BIGINT NOT NULL,
            disabled_ms BIGINT,
            password_changed_ms BIGINT
        )
        """,
        """
        CREATE TABLE staff_password_tokens (
            token_hash TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff_members(id),
            expires_ms BIGINT NOT NULL,
            used_ms BIGINT
        )
        """,
        """
        CREATE TABLE staff_sessions (
            key_hash TEXT PRIMARY KEY,
            staff_id TEXT REFERENCES staff_members(id),
            value BYTEA NOT NULL,
            expires_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff_id) WHERE staff_id IS NOT NULL",
        """
        CREATE TABLE staff_audit (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at_ms BIGINT NOT NULL,
            kind TEXT NOT NULL,
            email TEXT,
            staff_id TEXT,
            address TEXT,
            actor TEXT,
            detail TEXT
        )
        """,
        "CREATE INDEX staff_audit_failures ON staff_audit(email, at_ms) WHERE kind = 'login.failed'",
        """
        CREATE TABLE complaints (
            number TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'resolved')),
            zone TEXT,
            device_id TEXT,
            filed_ms BIGINT NOT NULL,
            record TEXT NOT NULL
        )
        """,
        "CREATE INDEX complaints_by_filed ON complaints(filed_ms)",
        "CREATE INDEX complaints_by_device ON complaints(device_id) WHERE device_id IS NOT NULL",
        """
        CREATE TABLE complaint_contents (
            number TEXT PRIMARY KEY REFERENCES complaints(number),
            access_code TEXT NOT NULL,
            form_token TEXT UNIQUE,
            description TEXT NOT NULL,
            contact TEXT,
            photo BYTEA,
            photo_type TEXT CHECK (photo_type IS NULL OR photo_type IN ('image/jpeg', 'image/png'))
        )
        """,
        """
        CREATE TABLE offline_records (
            idempotency_key TEXT PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES devices(id),
            operation TEXT NOT NULL CHECK (operation IN ('issue', 'open', 'exit', 'exitFree', 'void')),
            sequence BIGINT,
            ticket_id TEXT,
            invoice_id TEXT,
            received_ms BIGINT NOT NULL,
            recording TEXT NOT NULL
        )
        """,
        "CREATE INDEX offline_records_by_device ON offline_records(device_id, sequence)",
    ]
}
