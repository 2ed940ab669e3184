import Foundation
import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v10-offline` (issue 16, offline issuance): `devices.code`, the device code in offline bill
    /// numbers (unique; devices enrolled before get theirs when they register a key) and
    /// `devices.public_key`, its Ed25519 key for offline records (`device.keyRegistered`);
    /// `invoices.source` and `tickets.source`, `online` or `offline` (made by a handheld offline and
    /// recorded at sync, with its own times); `offline_records`, one row per accepted offline record
    /// (`offline.recorded`: the signed record, what it made, what was flagged), keyed by its
    /// idempotency key.
    static let v10Offline = """
        ALTER TABLE devices ADD COLUMN code TEXT CHECK (code IS NULL OR length(code) = 4);
        ALTER TABLE devices ADD COLUMN public_key TEXT;
        CREATE UNIQUE INDEX devices_by_code ON devices(code) WHERE code IS NOT NULL;
        ALTER TABLE invoices ADD COLUMN source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline'));
        ALTER TABLE tickets ADD COLUMN source TEXT NOT NULL DEFAULT 'online' CHECK (source IN ('online', 'offline'));
        CREATE TABLE offline_records (
            idempotency_key TEXT PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES devices(id),
            operation TEXT NOT NULL CHECK (operation IN ('issue', 'open', 'exit', 'exitFree', 'void')),
            sequence INTEGER,
            ticket_id TEXT,
            invoice_id TEXT,
            received_ms INTEGER NOT NULL,
            recording TEXT NOT NULL
        );
        CREATE INDEX offline_records_by_device ON offline_records(device_id, sequence);
        """

    /// `payment_exceptions.reason` also takes `pending_offline` (a notify for an offline bill number
    /// whose record has not synced). SQLite cannot change a `CHECK` in place: the table is rebuilt
    /// from its own stored definition with the one list widened, its rows copied, its indexes made
    /// again.
    static func allowPendingOffline(_ db: Database) throws {
        let listed = "'duplicate_rrn')"
        guard
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'payment_exceptions'"),
            let open = definition.firstIndex(of: "("), definition.contains(listed)
        else { throw LedgerError(.storageFailure, "payment_exceptions is not the table v10-offline expects") }
        let indexes = try String.fetchAll(
            db,
            sql:
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payment_exceptions' AND sql IS NOT NULL"
        )
        let widened = String(definition[open...]).replacingOccurrences(
            of: listed, with: "'duplicate_rrn', 'pending_offline')")
        try db.execute(sql: "CREATE TABLE payment_exceptions_v10 " + widened)
        try db.execute(sql: "INSERT INTO payment_exceptions_v10 SELECT * FROM payment_exceptions")
        try db.execute(sql: "DROP TABLE payment_exceptions")
        try db.execute(sql: "ALTER TABLE payment_exceptions_v10 RENAME TO payment_exceptions")
        for index in indexes { try db.execute(sql: index) }
    }
}
