import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v14-settlement-withdrawals` (issue 14): a settlement file that a corrected re-send replaced has
    /// its application withdrawn by events before the re-send is applied. An invoice settlement it
    /// made stays as a row naming the re-send that withdrew it (`withdrawn_by`; the invoice is `paid`
    /// again, and a later settlement replaces the row); the file's application says by which re-send
    /// and when (`superseded_by`, `withdrawn_ms`). A settlement withdrawn after its invoice's day was
    /// closed is a late event of kind `unsettlement`: `late_events` is rebuilt for its `CHECK`.
    static let v14SettlementWithdrawals = """
        ALTER TABLE invoice_settlements ADD COLUMN withdrawn_by TEXT;
        ALTER TABLE settlement_applications ADD COLUMN superseded_by TEXT;
        ALTER TABLE settlement_applications ADD COLUMN withdrawn_ms INTEGER;
        CREATE TABLE late_events_v14 (
            event_seq INTEGER PRIMARY KEY REFERENCES events(seq),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'settlement', 'refund', 'reversal', 'unsettlement')),
            closed_date TEXT NOT NULL CHECK (length(closed_date) = 10),
            booked_date TEXT NOT NULL CHECK (length(booked_date) = 10 AND booked_date > closed_date),
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            payment_id TEXT REFERENCES payments(id),
            revenue_line TEXT NOT NULL,
            extra INTEGER NOT NULL CHECK (extra IN (0, 1)),
            amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND \(maximumAmount)),
            mdr INTEGER NOT NULL CHECK (mdr BETWEEN 0 AND \(maximumAmount)),
            net INTEGER NOT NULL CHECK (net BETWEEN 0 AND \(maximumAmount)),
            recorded_ms INTEGER NOT NULL
        );
        INSERT INTO late_events_v14 SELECT event_seq, kind, closed_date, booked_date, invoice_id, payment_id,
            revenue_line, extra, amount, mdr, net, recorded_ms FROM late_events;
        DROP TABLE late_events;
        ALTER TABLE late_events_v14 RENAME TO late_events;
        CREATE INDEX late_events_by_booked ON late_events(booked_date);
        CREATE INDEX late_events_by_closed ON late_events(closed_date);
        """
}
