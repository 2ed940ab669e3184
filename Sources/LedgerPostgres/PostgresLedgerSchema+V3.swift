extension PostgresLedgerSchema {
    /// `pg-v3-settlement-withdrawals`: SQLite's `v14-settlement-withdrawals` in PostgreSQL's types:
    /// an invoice settlement withdrawn for a corrected re-send names the re-send (`withdrawn_by`), a
    /// settlement application says which re-send withdrew it and when (`superseded_by`,
    /// `withdrawn_ms`), and a late event may be an `unsettlement` (SQLite rebuilds `late_events` for
    /// its `CHECK`; PostgreSQL replaces the constraint, named as PostgreSQL named the column's check
    /// in `pg-v2`).
    static let version3: [String] = [
        "ALTER TABLE invoice_settlements ADD COLUMN withdrawn_by TEXT",
        "ALTER TABLE settlement_applications ADD COLUMN superseded_by TEXT",
        "ALTER TABLE settlement_applications ADD COLUMN withdrawn_ms BIGINT",
        "ALTER TABLE late_events DROP CONSTRAINT late_events_kind_check",
        """
        ALTER TABLE late_events ADD CONSTRAINT late_events_kind_check
            CHECK (kind IN ('payment', 'settlement', 'refund', 'reversal', 'unsettlement'))
        """,
    ]
}
