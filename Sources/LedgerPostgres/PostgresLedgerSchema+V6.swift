extension PostgresLedgerSchema {
    /// `pg-v6-byte-order`: the keys `lunas ledger verify` walks in order are declared `COLLATE "C"`
    /// (UTF-8 byte order, SQLite's `BINARY`), so that its `ORDER BY key COLLATE "C"` scans
    /// (``LedgerSQL/SQLDialect/byteOrder(_:)``) read the primary key's index instead of sorting the
    /// whole table on the server: the planner uses an index only for the collation it was built in,
    /// and a column of the database's default collation is not `"C"` to it even in a `C` database.
    ///
    /// Equality is unchanged (both collations are deterministic), so no key changes meaning; the
    /// columns that refer to these keys keep the default collation (a comparison of the two takes
    /// `"C"`). PostgreSQL rebuilds each key's index (the rows are not rewritten). Other statements
    /// that order by these keys now order them by bytes on every database, as SQLite does.
    static let version6: [String] = [
        ("devices", "id"), ("device_zones", "device_id"), ("device_zones", "zone"), ("invoices", "id"),
        ("tickets", "id"), ("payments", "id"), ("payment_exceptions", "id"), ("idempotency_keys", "key"),
        ("exception_cases", "id"), ("closed_days", "date"), ("invoice_settlements", "invoice_id"),
        ("settlement_applications", "settlement_id"), ("payment_refunds", "id"), ("complaints", "number"),
        ("offline_records", "idempotency_key"),
    ].map { table, column in "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE TEXT COLLATE \"C\"" }
}
