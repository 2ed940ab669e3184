extension PostgresLedgerSchema {
    /// `pg-v2`: SQLite's `v12-late-events` and `v13-reversals` (v11 changed no table), in PostgreSQL's
    /// types: closed days keep their bounds and closing sequence, late events for closed days get their
    /// table, refunds say whether the acquirer or a settlement file's reversal row took the money back,
    /// and a settlement application counts its reversals.
    ///
    /// No PostgreSQL store writes late events yet (the store is issue #18's next step), so there is
    /// nothing to book from older events here; the closed days' bounds come from their statements.
    static let version2: [String] = [
        "ALTER TABLE closed_days ADD COLUMN from_ms BIGINT",
        "ALTER TABLE closed_days ADD COLUMN to_ms BIGINT",
        "ALTER TABLE closed_days ADD COLUMN closed_seq BIGINT",
        """
        UPDATE closed_days SET from_ms = (statement::jsonb ->> 'from')::bigint,
            to_ms = (statement::jsonb ->> 'to')::bigint,
            closed_seq = (statement::jsonb -> 'chainHead' ->> 'sequence')::bigint + 1
        """,
        "CREATE INDEX closed_days_by_from ON closed_days(from_ms)",
        """
        CREATE TABLE late_events (
            event_seq BIGINT PRIMARY KEY REFERENCES events(seq),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'settlement', 'refund', 'reversal')),
            closed_date TEXT NOT NULL CHECK (length(closed_date) = 10),
            booked_date TEXT NOT NULL CHECK (length(booked_date) = 10 AND booked_date > closed_date),
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            payment_id TEXT REFERENCES payments(id),
            revenue_line TEXT NOT NULL,
            extra BIGINT NOT NULL CHECK (extra IN (0, 1)),
            amount BIGINT NOT NULL CHECK (amount BETWEEN 1 AND 9999999999999),
            mdr BIGINT NOT NULL CHECK (mdr BETWEEN 0 AND 9999999999999),
            net BIGINT NOT NULL CHECK (net BETWEEN 0 AND 9999999999999),
            recorded_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX late_events_by_booked ON late_events(booked_date)",
        "CREATE INDEX late_events_by_closed ON late_events(closed_date)",
        """
        ALTER TABLE payment_refunds ADD COLUMN source TEXT NOT NULL DEFAULT 'acquirer'
            CHECK (source IN ('acquirer', 'settlement_reversal'))
        """,
        "ALTER TABLE payment_refunds ADD COLUMN settlement_id TEXT",
        "ALTER TABLE payment_refunds ADD COLUMN settlement_row BIGINT",
        "ALTER TABLE payment_refunds ADD COLUMN settlement_location TEXT",
        "ALTER TABLE settlement_applications ADD COLUMN reversals_recorded BIGINT NOT NULL DEFAULT 0",
    ]
}
