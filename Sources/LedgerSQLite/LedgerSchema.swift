import GRDB

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
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: v1)
        }
        return migrator
    }

    /// True for a receipt code that is not in the signed `LR1-` form. Signed codes name their
    /// invoice's bill number (``InvoiceTerms`` refuses one that names another), so the `UNIQUE` bill
    /// number keeps them unique and finds them; only opaque codes need the index. Queries that look
    /// an opaque code up repeat this term so that SQLite uses the partial index.
    static let opaqueReceipt = "substr(receipt_code, 1, 4) <> 'LR1-'"

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
}
