extension PostgresLedgerSchema {
    /// `pg-v4-day-totals`: SQLite's `v16-day-totals` in PostgreSQL's types: the running totals of
    /// invoices (per UTC hour, device, zone, revenue line and status, with `partly_refunded` rows),
    /// payments (per hour and effect), device numbers (per device and hour) and invoices by issue and paid hour, filled from the rows
    /// already there with the same sums as SQLite's.
    static let version4: [String] = [
        """
        CREATE TABLE invoice_totals (
            hour_ms BIGINT NOT NULL,
            device_id TEXT NOT NULL,
            zone TEXT NOT NULL,
            line TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN (
                'issued', 'paid', 'paid_late', 'settled', 'expired', 'cancelled', 'refunded', 'partly_refunded')),
            n BIGINT NOT NULL,
            amount BIGINT NOT NULL,
            mdr BIGINT NOT NULL,
            net BIGINT NOT NULL,
            PRIMARY KEY (hour_ms, device_id, zone, line, status)
        )
        """,
        """
        CREATE TABLE payment_totals (
            hour_ms BIGINT NOT NULL,
            effect TEXT NOT NULL,
            n BIGINT NOT NULL,
            amount BIGINT NOT NULL,
            PRIMARY KEY (hour_ms, effect)
        )
        """,
        """
        CREATE TABLE device_hours (
            device_id TEXT NOT NULL,
            hour_ms BIGINT NOT NULL,
            numbers BIGINT NOT NULL,
            low BIGINT,
            high BIGINT,
            tickets BIGINT NOT NULL,
            voided BIGINT NOT NULL,
            PRIMARY KEY (device_id, hour_ms)
        )
        """,
        """
        CREATE TABLE paid_hours (
            hour_ms BIGINT NOT NULL,
            paid_hour_ms BIGINT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (hour_ms, paid_hour_ms)
        )
        """,
        """
        INSERT INTO paid_hours
        SELECT issued_ms / 3600000 * 3600000, paid_ms / 3600000 * 3600000, COUNT(*) FROM invoices
        WHERE paid_ms IS NOT NULL GROUP BY 1, 2
        """,
        """
        INSERT INTO invoice_totals
        SELECT i.issued_ms / 3600000 * 3600000, i.device_id, COALESCE(t.zone, '-'),
            CASE WHEN i.fee_code IS NOT NULL THEN 'fee:' || i.fee_code ELSE 'parking:' || COALESCE(t.vehicle_class, '-') END,
            i.status, COUNT(*), SUM(i.amount), COALESCE(SUM(s.mdr), 0), COALESCE(SUM(s.net), 0)
        FROM invoices i
        LEFT JOIN tickets t ON t.id = i.ticket_id
        LEFT JOIN invoice_settlements s ON s.invoice_id = i.id AND s.withdrawn_by IS NULL
        GROUP BY 1, 2, 3, 4, 5
        UNION ALL
        SELECT i.issued_ms / 3600000 * 3600000, i.device_id, COALESCE(t.zone, '-'),
            CASE WHEN i.fee_code IS NOT NULL THEN 'fee:' || i.fee_code ELSE 'parking:' || COALESCE(t.vehicle_class, '-') END,
            'partly_refunded', COUNT(*), SUM(r.amount), 0, 0
        FROM invoices i
        JOIN (
            SELECT r.invoice_id, SUM(r.amount) AS amount FROM payment_refunds r
            JOIN payments p ON p.id = r.payment_id WHERE p.effect <> 'extra' GROUP BY r.invoice_id
        ) r ON r.invoice_id = i.id
        LEFT JOIN tickets t ON t.id = i.ticket_id
        WHERE i.status <> 'refunded'
        GROUP BY 1, 2, 3, 4
        """,
        """
        INSERT INTO payment_totals
        SELECT paid_ms / 3600000 * 3600000, effect, COUNT(*), SUM(amount) FROM payments GROUP BY 1, 2
        """,
        """
        INSERT INTO device_hours
        SELECT device_id, hour_ms, COUNT(*), MIN(sequence), MAX(sequence), SUM(ticket), SUM(voided) FROM (
            SELECT device_id, issued_ms / 3600000 * 3600000 AS hour_ms, sequence, 0 AS ticket, 0 AS voided FROM invoices
            UNION ALL
            SELECT device_id, entry_ms / 3600000 * 3600000, sequence, 1, CASE WHEN closure = 'void' THEN 1 ELSE 0 END
            FROM tickets WHERE invoice_id IS NULL OR exit_ms IS NOT NULL
        ) numbers GROUP BY 1, 2
        """,
    ]
}
