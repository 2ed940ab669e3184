import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v9-shift` (issue 16, the online flow): `invoices.short_code`, the receipt's short code
    /// (``ReceiptShortCode``, derived from the bill number), `UNIQUE` so that the issuer draws a new
    /// bill number rather than repeat one. Invoices issued before the migration get theirs here; the
    /// (astronomically unlikely) second of two that derive the same code keeps none and is found by
    /// its long code only. `devices.attendant`: the person working with the device
    /// (`device.attendantChanged`). `tickets.closure` and `closure_reason`: a ticket ended without an
    /// invoice (`ticket.closedFree`, `ticket.voided`); `tickets.reprints`, how often it was printed
    /// again (`ticket.reprinted`).
    static let v9Shift = """
        ALTER TABLE devices ADD COLUMN attendant TEXT;
        ALTER TABLE tickets ADD COLUMN closure TEXT CHECK (closure IS NULL OR closure IN ('free', 'void'));
        ALTER TABLE tickets ADD COLUMN closure_reason TEXT;
        ALTER TABLE tickets ADD COLUMN reprints INTEGER NOT NULL DEFAULT 0 CHECK (reprints >= 0);
        ALTER TABLE invoices ADD COLUMN short_code TEXT CHECK (short_code IS NULL OR length(short_code) = 10);
        CREATE UNIQUE INDEX invoices_by_short_code ON invoices(short_code) WHERE short_code IS NOT NULL;
        """

    /// Fills `short_code` for the invoices that existed before `v9-shift`.
    static func backfillShortCodes(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, bill_number FROM invoices WHERE short_code IS NULL")
        var codes: [(id: String, code: String)] = []
        while let row = try rows.next() {
            guard let billNumber = try? BillNumber(row["bill_number"] as String) else { continue }
            codes.append((row["id"], ReceiptShortCode(billNumber: billNumber).text))
        }
        for (id, code) in codes {
            try db.execute(
                sql: """
                    UPDATE invoices SET short_code = ?
                    WHERE id = ? AND NOT EXISTS (SELECT 1 FROM invoices WHERE short_code = ?)
                    """,
                arguments: [code, id, code])
        }
    }
}
