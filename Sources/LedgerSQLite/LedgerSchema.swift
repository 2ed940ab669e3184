import GRDB
import Ledger
import LedgerSQL

/// The SQLite schema of the ledger, as numbered migrations.
///
/// Money is `INTEGER` rupiah with `CHECK (amount > 0)`; times are UTC epoch milliseconds; natural
/// keys (bill number, receipt code, RRN, idempotency key, device sequence) are `UNIQUE`. The
/// `events` table refuses `UPDATE` and `DELETE` by trigger; the other tables are projections of
/// the events that `verify` rebuilds and compares.
///
/// Receipt codes are unique too, but only opaque (non-`LR1-`) codes are indexed: see
/// ``opaqueReceipt``. (Migration `v1-ledger` was edited in place while no database was deployed.)
///
/// A device's sequence numbers are unique as `UNIQUE (sequence, device_id)`, not `(device_id,
/// sequence)`: the same constraint, but all devices count up together, so new entries land at the
/// end of the index instead of on one page per device — a batch of 64 invoices from 64 devices
/// writes one or two pages of it, not 64. No query looks invoices up by device prefix.
///
/// From issue 12 on, every schema change is a new migration; `v1-ledger` is frozen.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: v1)
        }
        // GRDB runs a migration with foreign keys off and checks them before it commits, which is
        // what rebuilding a referenced table (`invoices`) needs.
        migrator.registerMigration("v2-payments") { db in
            try db.execute(sql: v2Payments)
        }
        migrator.registerMigration("v3-devices") { db in
            try db.execute(sql: v3Devices)
        }
        migrator.registerMigration("v4-settlement") { db in
            try db.execute(sql: v4Settlement)
        }
        migrator.registerMigration("v5-refunds") { db in
            try db.execute(sql: v5Refunds)
        }
        migrator.registerMigration("v6-days") { db in
            try db.execute(sql: v6Days)
        }
        migrator.registerMigration("v7-staff") { db in
            try db.execute(sql: v7Staff)
        }
        migrator.registerMigration("v8-complaints") { db in
            try db.execute(sql: v8Complaints)
        }
        migrator.registerMigration("v9-shift") { db in
            try db.execute(sql: v9Shift)
            try backfillShortCodes(db)
        }
        migrator.registerMigration("v10-offline") { db in
            try db.execute(sql: v10Offline)
            try allowPendingOffline(db)
        }
        migrator.registerMigration("v12-late-events") { db in
            try db.execute(sql: v12LateEvents)
            try backfillLateEvents(db)
        }
        migrator.registerMigration("v13-reversals") { db in
            try db.execute(sql: v13Reversals)
        }
        migrator.registerMigration("v14-settlement-withdrawals") { db in
            try db.execute(sql: v14SettlementWithdrawals)
        }
        migrator.registerMigration("v15-late-lines") { db in
            try backfillLateRefunds(db)
        }
        migrator.registerMigration("v16-day-totals") { db in
            try db.execute(sql: v16DayTotals)
        }
        return migrator
    }

    /// The partial index's term for opaque receipt codes (``LedgerSQL/LedgerQueries/opaqueReceipt``).
    static let opaqueReceipt = LedgerQueries.opaqueReceipt

    static let v1 = """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY CHECK (seq > 0),
            kind TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            payload TEXT NOT NULL,
            prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        );
        CREATE INDEX events_by_entity ON events(entity_id);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'ledger events are append-only: UPDATE refused'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'ledger events are append-only: DELETE refused'); END;

        CREATE TABLE chain_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash BLOB NOT NULL CHECK (length(hash) = 32)
        );

        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('attendant', 'kiosk', 'finance', 'admin')),
            zone TEXT NOT NULL,
            credential_hash TEXT NOT NULL UNIQUE,
            enrolled_ms INTEGER NOT NULL,
            revoked_ms INTEGER,
            revocation_reason TEXT,
            last_sequence INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0)
        ) WITHOUT ROWID;

        CREATE TABLE invoices (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL UNIQUE CHECK (length(bill_number) BETWEEN 1 AND 25),
            kind TEXT NOT NULL CHECK (kind IN ('fee', 'parking')),
            amount INTEGER NOT NULL CHECK (amount > 0),
            qris_payload TEXT NOT NULL,
            receipt_code TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('issued', 'paid', 'paid_late', 'settled', 'expired', 'cancelled', 'refunded')),
            issued_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL,
            device_id TEXT NOT NULL REFERENCES devices(id),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            fee_code TEXT,
            ticket_id TEXT,
            paid_ms INTEGER,
            status_ms INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            UNIQUE (sequence, device_id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX invoices_by_opaque_receipt ON invoices(receipt_code) WHERE \(opaqueReceipt);
        CREATE INDEX invoices_by_issue ON invoices(issued_ms);
        CREATE INDEX invoices_due ON invoices(expires_ms) WHERE status = 'issued';

        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            plate TEXT NOT NULL,
            vehicle_class TEXT NOT NULL,
            zone TEXT NOT NULL,
            entry_ms INTEGER NOT NULL,
            exit_ms INTEGER,
            device_id TEXT NOT NULL REFERENCES devices(id),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            invoice_id TEXT UNIQUE,
            idempotency_key TEXT NOT NULL,
            UNIQUE (sequence, device_id)
        ) WITHOUT ROWID;
        CREATE INDEX tickets_by_entry ON tickets(entry_ms);
        CREATE INDEX tickets_open_by_plate ON tickets(plate) WHERE invoice_id IS NULL;

        CREATE TABLE payments (
            id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL UNIQUE,
            issuer TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            paid_ms INTEGER NOT NULL,
            recorded_ms INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            effect TEXT NOT NULL CHECK (effect IN ('paid', 'paid_late', 'extra'))
        ) WITHOUT ROWID;
        CREATE INDEX payments_by_invoice ON payments(invoice_id);
        CREATE INDEX payments_by_paid ON payments(paid_ms);

        CREATE TABLE payment_exceptions (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL,
            issuer TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount >= 0),
            paid_ms INTEGER NOT NULL,
            recorded_ms INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            reason TEXT NOT NULL CHECK (reason IN ('unknown_invoice', 'amount_mismatch')),
            detail TEXT NOT NULL,
            UNIQUE (bill_number, rrn)
        ) WITHOUT ROWID;
        CREATE INDEX payment_exceptions_by_paid ON payment_exceptions(paid_ms);

        CREATE TABLE idempotency_keys (
            key TEXT PRIMARY KEY,
            operation TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            request_hash TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// `v2-payments` (issue 12): payments unique on (bill number, RRN) instead of the RRN alone (RRNs
    /// repeat across days and issuers); every stored amount bounded by `CHECK (amount BETWEEN …
    /// 9999999999999)`, the most a QRIS tag 54 carries; each payment and payment exception names
    /// the acquirer profile and key that verified its notify; an exception may hold its amount as
    /// text only (`amount_text`, when it is no money a column can hold), the SHA-256 of the notify
    /// body, and the new reasons. SQLite cannot change a `UNIQUE` or `CHECK` in place, so the three
    /// tables are rebuilt: create, copy, drop, rename, recreate the indexes.
    ///
    /// A v1 exception whose amount is out of range (the notify that crashed the daily report) is
    /// copied with its amount as text, as ``PaymentException/storedForm`` replays it.
    static let v2Payments = """
        CREATE TABLE invoices_v2 (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL UNIQUE CHECK (length(bill_number) BETWEEN 1 AND 25),
            kind TEXT NOT NULL CHECK (kind IN ('fee', 'parking')),
            amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND \(maximumAmount)),
            qris_payload TEXT NOT NULL,
            receipt_code TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('issued', 'paid', 'paid_late', 'settled', 'expired', 'cancelled', 'refunded')),
            issued_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL,
            device_id TEXT NOT NULL REFERENCES devices(id),
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            fee_code TEXT,
            ticket_id TEXT,
            paid_ms INTEGER,
            status_ms INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            UNIQUE (sequence, device_id)
        ) WITHOUT ROWID;
        INSERT INTO invoices_v2 (
            id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id,
            sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key
        )
            SELECT id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id,
                sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key
            FROM invoices;
        DROP TABLE invoices;
        ALTER TABLE invoices_v2 RENAME TO invoices;
        CREATE UNIQUE INDEX invoices_by_opaque_receipt ON invoices(receipt_code) WHERE \(opaqueReceipt);
        CREATE INDEX invoices_by_issue ON invoices(issued_ms);
        CREATE INDEX invoices_due ON invoices(expires_ms) WHERE status = 'issued';

        CREATE TABLE payments_v2 (
            id TEXT PRIMARY KEY,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL,
            issuer TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND \(maximumAmount)),
            paid_ms INTEGER NOT NULL,
            recorded_ms INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            effect TEXT NOT NULL CHECK (effect IN ('paid', 'paid_late', 'extra')),
            verified_profile TEXT,
            verified_key TEXT,
            CHECK ((verified_profile IS NULL) = (verified_key IS NULL)),
            UNIQUE (bill_number, rrn)
        ) WITHOUT ROWID;
        INSERT INTO payments_v2 (
            id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, source_reason, effect
        )
            SELECT id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, source_reason, effect
            FROM payments;
        DROP TABLE payments;
        ALTER TABLE payments_v2 RENAME TO payments;
        CREATE INDEX payments_by_invoice ON payments(invoice_id);
        CREATE INDEX payments_by_paid ON payments(paid_ms);

        CREATE TABLE payment_exceptions_v2 (
            id TEXT PRIMARY KEY,
            bill_number TEXT NOT NULL,
            rrn TEXT NOT NULL,
            issuer TEXT NOT NULL,
            amount INTEGER CHECK (amount BETWEEN 0 AND \(maximumAmount)),
            amount_text TEXT CHECK (length(amount_text) BETWEEN 1 AND 64),
            paid_ms INTEGER NOT NULL,
            recorded_ms INTEGER NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('acquirer_notification', 'settlement_file', 'manual')),
            source_reason TEXT,
            reason TEXT NOT NULL CHECK (
                reason IN (
                    'unknown_invoice', 'amount_mismatch', 'amount_out_of_range', 'invalid_field', 'duplicate_rrn')),
            detail TEXT NOT NULL,
            body_sha256 TEXT NOT NULL DEFAULT '' CHECK (body_sha256 = '' OR length(body_sha256) = 64),
            verified_profile TEXT,
            verified_key TEXT,
            CHECK (amount IS NOT NULL OR amount_text IS NOT NULL),
            CHECK ((verified_profile IS NULL) = (verified_key IS NULL)),
            UNIQUE (bill_number, rrn, body_sha256)
        ) WITHOUT ROWID;
        INSERT INTO payment_exceptions_v2 (
            id, bill_number, rrn, issuer, amount, amount_text, paid_ms, recorded_ms, source, source_reason, reason,
            detail
        )
            SELECT id, bill_number, rrn, issuer,
                CASE WHEN amount BETWEEN 0 AND \(maximumAmount) THEN amount END,
                CASE WHEN amount BETWEEN 0 AND \(maximumAmount) THEN NULL ELSE CAST(amount AS TEXT) END,
                paid_ms, recorded_ms, source, source_reason, reason, detail
            FROM payment_exceptions;
        DROP TABLE payment_exceptions;
        ALTER TABLE payment_exceptions_v2 RENAME TO payment_exceptions;
        CREATE INDEX payment_exceptions_by_paid ON payment_exceptions(paid_ms);
        """

    /// The largest stored amount, ``Rupiah/maximumStored`` (13 digits, QRIS tag 54).
    static let maximumAmount = Rupiah.maximumStored.value

    /// `v3-devices` (issue 12): the `supervisor` role, and several zones per device. `devices` is
    /// rebuilt (SQLite cannot change its role `CHECK` in place) without its single `zone` column;
    /// `device_zones` holds one row per (device, zone). A v1 device's zone becomes its one zone, and
    /// the `-` that stood for "no zone" becomes no row. Invoices and tickets keep referring to
    /// `devices(id)` by name, so they need no rebuild.
    static let v3Devices = """
        CREATE TABLE devices_v3 (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('attendant', 'kiosk', 'finance', 'admin', 'supervisor')),
            credential_hash TEXT NOT NULL UNIQUE,
            enrolled_ms INTEGER NOT NULL,
            revoked_ms INTEGER,
            revocation_reason TEXT,
            last_sequence INTEGER NOT NULL DEFAULT 0 CHECK (last_sequence >= 0)
        ) WITHOUT ROWID;
        INSERT INTO devices_v3 (
            id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence
        )
            SELECT id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence
            FROM devices;
        CREATE TABLE device_zones (
            device_id TEXT NOT NULL REFERENCES devices(id),
            zone TEXT NOT NULL CHECK (length(zone) BETWEEN 1 AND 32 AND zone <> '-' AND instr(zone, ' ') = 0),
            PRIMARY KEY (device_id, zone)
        ) WITHOUT ROWID;
        INSERT INTO device_zones (device_id, zone) SELECT id, zone FROM devices WHERE zone <> '-';
        DROP TABLE devices;
        ALTER TABLE devices_v3 RENAME TO devices;
        """
}
