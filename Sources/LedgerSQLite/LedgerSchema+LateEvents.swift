import Foundation
import GRDB
import Ledger
import LedgerSQL

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
                // As v12 was written: an invoice refunded by its status is `v15-late-lines`' to book,
                // with what was given back before it in the chain.
                guard event.kind != .invoiceRefunded else { continue }
                try LedgerWrites.bookIfLate(try event.fact(), sequence: event.sequence, at: event.at, db)
            }
        }
    }

    /// `v15-late-lines` (issue 14): no table changes; books the late lines the chain now implies
    /// and the store did not write before: an invoice of a closed day refunded by its status alone
    /// (`invoice.refunded` after the close, from `refundInvoice`) gives back what refunds and
    /// reversals had not (``LateEvent/Candidate/restOfInvoice``), counting only those recorded
    /// before it in the chain, as the replay does.
    static func backfillLateRefunds(_ db: Database) throws {
        let refunded = try Row.fetchAll(
            db,
            sql: """
                SELECT e.seq, e.kind, e.entity_id, e.at_ms, e.payload, e.prev_hash, e.hash
                FROM closed_days d
                JOIN invoices i ON i.issued_ms >= d.from_ms AND i.issued_ms < d.to_ms AND i.status = 'refunded'
                JOIN events e ON e.entity_id = i.id AND e.kind = ? AND e.seq > d.closed_seq
                WHERE NOT EXISTS (SELECT 1 FROM late_events l WHERE l.event_seq = e.seq)
                ORDER BY e.seq
                """, arguments: [LedgerEvent.Kind.invoiceRefunded.rawValue])
        for row in refunded {
            let event = try LedgerRowCodec.event(row)
            guard let candidate = LateEvent.candidate(of: try event.fact()) else { continue }
            let earlier = try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events
                    WHERE entity_id = ? AND kind IN (?, ?) AND seq < ? ORDER BY seq
                    """,
                arguments: [
                    event.entityID, LedgerEvent.Kind.paymentRefunded.rawValue,
                    LedgerEvent.Kind.paymentReversed.rawValue, event.sequence,
                ])
            var givenBack = Rupiah.zero
            for earlierRow in earlier {
                switch try LedgerRowCodec.event(earlierRow).fact() {
                case .paymentRefunded(let refund, _), .paymentReversed(let refund):
                    let effect = try String.fetchOne(
                        db, sql: "SELECT effect FROM payments WHERE id = ?", arguments: [refund.paymentID.rawValue])
                    guard effect != Payment.Effect.extra.rawValue else { continue }
                    givenBack = try givenBack.adding(refund.amount, what: "refunds of invoice \(refund.invoiceID)")
                default:
                    continue
                }
            }
            try LedgerWrites.bookIfLate(
                candidate, sequence: event.sequence, at: event.at, givenBack: givenBack, db)
        }
    }
}
