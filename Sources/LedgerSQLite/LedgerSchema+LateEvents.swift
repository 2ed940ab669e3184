import Foundation
import GRDB
import Ledger

extension LedgerSchema {
    /// `v12-late-events` (issue 14): money facts about a closed day's invoices recorded after its
    /// close, booked against the next open day (`late_events`, one row per such event, keyed by the
    /// event's sequence); and the bounds and the `day.closed` event of every closed day as columns
    /// (`from_ms`, `to_ms`, `closed_seq`, copies of the statement's `from`, `to` and
    /// `chainHead.sequence` + 1), so that recording a payment finds its invoice's closed day with
    /// one index probe.
    static let v12LateEvents = """
        ALTER TABLE closed_days ADD COLUMN from_ms INTEGER;
        ALTER TABLE closed_days ADD COLUMN to_ms INTEGER;
        ALTER TABLE closed_days ADD COLUMN closed_seq INTEGER;
        UPDATE closed_days SET from_ms = json_extract(statement, '$.from'), to_ms = json_extract(statement, '$.to'),
            closed_seq = json_extract(statement, '$.chainHead.sequence') + 1;
        CREATE INDEX closed_days_by_from ON closed_days(from_ms);
        CREATE TABLE late_events (
            event_seq INTEGER PRIMARY KEY REFERENCES events(seq),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'settlement', 'refund', 'reversal')),
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
        CREATE INDEX late_events_by_booked ON late_events(booked_date);
        CREATE INDEX late_events_by_closed ON late_events(closed_date);
        """

    /// Books the late events of a ledger written before `v12-late-events`: every money fact about a
    /// closed day's invoice recorded after that day's `day.closed`, as recording it now would have
    /// (``LedgerWrites/bookIfLate(_:sequence:at:_:)`` sees only the days closed before each event).
    /// Every event of those invoices after the close is offered: which facts move money is decided in
    /// one place, `LateEvent.candidate(of:)`.
    static func backfillLateEvents(_ db: Database) throws {
        let days = try Row.fetchAll(db, sql: "SELECT from_ms, to_ms, closed_seq FROM closed_days ORDER BY date")
        for day in days {
            let events = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.kind, e.entity_id, e.at_ms, e.payload, e.prev_hash, e.hash
                    FROM invoices i JOIN events e ON e.entity_id = i.id
                    WHERE i.issued_ms >= ? AND i.issued_ms < ? AND e.seq > ?
                    ORDER BY e.seq
                    """,
                arguments: [day["from_ms"], day["to_ms"], day["closed_seq"]])
            for row in events {
                let event = try LedgerRowCodec.event(row)
                try LedgerWrites.bookIfLate(try event.fact(), sequence: event.sequence, at: event.at, db)
            }
        }
    }
}
