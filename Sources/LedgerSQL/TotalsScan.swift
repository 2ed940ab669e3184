import Ledger

/// The totals computed from the rows they sum, in the tables' column order: how migration v16
/// fills the tables and how `ledger verify` checks them.
package enum TotalsScan {
    package static let hour = 3_600_000

    package static let invoices = """
        SELECT i.issued_ms / \(hour) * \(hour), i.device_id, COALESCE(t.zone, '-'),
            CASE WHEN i.fee_code IS NOT NULL THEN 'fee:' || i.fee_code ELSE 'parking:' || COALESCE(t.vehicle_class, '-') END,
            i.status, COUNT(*), SUM(i.amount), COALESCE(SUM(s.mdr), 0), COALESCE(SUM(s.net), 0)
        FROM invoices i
        LEFT JOIN tickets t ON t.id = i.ticket_id
        LEFT JOIN invoice_settlements s ON s.invoice_id = i.id AND s.withdrawn_by IS NULL
        GROUP BY 1, 2, 3, 4, 5
        UNION ALL
        SELECT i.issued_ms / \(hour) * \(hour), i.device_id, COALESCE(t.zone, '-'),
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
        """

    package static let payments = """
        SELECT paid_ms / \(hour) * \(hour), effect, COUNT(*), SUM(amount) FROM payments GROUP BY 1, 2
        """

    package static let paidHours = """
        SELECT issued_ms / \(hour) * \(hour), paid_ms / \(hour) * \(hour), COUNT(*) FROM invoices
        WHERE paid_ms IS NOT NULL GROUP BY 1, 2
        """

    package static let deviceHours = """
        SELECT device_id, hour_ms, COUNT(*), MIN(sequence), MAX(sequence), SUM(ticket), SUM(voided) FROM (
            SELECT device_id, issued_ms / \(hour) * \(hour) AS hour_ms, sequence, 0 AS ticket, 0 AS voided FROM invoices
            UNION ALL
            SELECT device_id, entry_ms / \(hour) * \(hour), sequence, 1, CASE WHEN closure = 'void' THEN 1 ELSE 0 END
            FROM tickets
            WHERE invoice_id IS NULL OR exit_ms IS NOT NULL
        ) AS numbered GROUP BY 1, 2
        """
}
