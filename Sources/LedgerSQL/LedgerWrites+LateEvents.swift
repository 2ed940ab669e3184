import Foundation
import Ledger

package extension LedgerWrites {
    /// Books `fact`, just appended as event `sequence` at `at`, as a late event when it moves money
    /// (``LateEvent/candidate(of:)``) for an invoice of a day closed before it: one row of
    /// `late_events` naming the closed day and the next open one. Every event goes through here
    /// (``LedgerRowCodec/append(_:at:_:head:)``), so a new money fact needs only its case in
    /// `LateEvent.candidate(of:)`.
    static func bookIfLate(_ fact: LedgerFact, sequence: Int64, at: Date, _ db: some SQLSession) throws {
        guard let candidate = LateEvent.candidate(of: fact) else { return }
        try bookIfLate(candidate, sequence: sequence, at: at, db)
    }

    /// Books `candidate` (the money of event `sequence`) against the next open day when its invoice's
    /// day was closed before that event; does nothing otherwise. For a candidate of
    /// ``LateEvent/Candidate/restOfInvoice``, `givenBack` is what refunds and reversals gave back of
    /// the invoice's own payment before the event (nil: all the ledger holds, as when recording it).
    static func bookIfLate(
        _ candidate: LateEvent.Candidate, sequence: Int64, at: Date, givenBack given: Rupiah? = nil,
        _ db: some SQLSession
    ) throws {
        // One probe in the common case (the invoice's day is open): closed days do not overlap, so
        // the one that starts last at or before the issue is the only one that may hold it. The
        // probe binds and steps with SQLite's C calls (``RawStatement``): every money event runs it.
        let probe = try db.prepared(closedDayOfInvoiceSQL)
        probe.bind(1, candidate.invoiceID.rawValue)
        let held = try probe.step()
        probe.reset()
        guard held else { return }
        guard
            let found = try db.row(closedDayOfInvoiceSQL, [candidate.invoiceID.rawValue]),
            (try found.int64("closed_seq")) < sequence,
            let closedDate = CivilDate(iso8601: try found.text("date"))
        else { return }
        let bookedDate = try LateEvent.bookedDate(after: closedDate) { date in
            try db.bool(
                "SELECT EXISTS (SELECT 1 FROM closed_days WHERE date = ? AND closed_seq < ?)", ["\(date)", sequence])
                ?? false
        }
        var paymentIsExtra = false
        if candidate.extra == nil, let paymentID = candidate.paymentID {
            let effect = try db.string("SELECT effect FROM payments WHERE id = ?", [paymentID.rawValue])
            paymentIsExtra = effect == Payment.Effect.extra.rawValue
        }
        var givenBack = Rupiah.zero
        if candidate.restOfInvoice {
            givenBack = try given ?? LedgerQueries.ownGivenBack(invoiceID: candidate.invoiceID, db)
        }
        guard
            let late = candidate.booked(
                sequence: sequence, closedDate: closedDate, bookedDate: bookedDate,
                revenueLine: LateEvent.revenueLine(
                    feeCode: try found.optionalText("fee_code"), vehicleClass: try found.optionalText("vehicle_class")),
                invoiceAmount: Rupiah(try found.int64("amount")), paymentIsExtra: paymentIsExtra, givenBack: givenBack,
                at: at)
        else { return }
        try db.execute(
            "INSERT INTO late_events (\(LedgerRowCodec.lateEventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                late.sequence, late.kind.rawValue, "\(late.closedDate)", "\(late.bookedDate)", late.invoiceID.rawValue,
                late.paymentID?.rawValue, late.revenueLine, late.extra, late.amount.value, late.mdr.value,
                late.net.value,
                late.recordedAt.ledgerMilliseconds,
            ])
    }
}

package extension LedgerWrites {
    /// The closed day that holds an invoice's issue, with what a late event of it books.
    static let closedDayOfInvoiceSQL = """
        SELECT d.date, d.closed_seq, i.amount, i.fee_code, t.vehicle_class
        FROM invoices i
        JOIN closed_days d ON d.from_ms = (
            SELECT MAX(from_ms) FROM closed_days WHERE from_ms <= i.issued_ms)
            AND i.issued_ms < d.to_ms
        LEFT JOIN tickets t ON t.id = i.ticket_id
        WHERE i.id = ?
        """
}

package extension LedgerRowCodec {
    static let lateEventColumns = """
        event_seq, kind, closed_date, booked_date, invoice_id, payment_id, revenue_line, extra, amount, mdr, net, \
        recorded_ms
        """

    static func lateEvent(_ row: some PositionalRow) throws -> LateEvent {
        let kindText = try row.text("kind")
        let closedText = try row.text("closed_date")
        let bookedText = try row.text("booked_date")
        guard let kind = LateEvent.Kind(rawValue: kindText), let closed = CivilDate(iso8601: closedText),
            let booked = CivilDate(iso8601: bookedText)
        else {
            throw LedgerError(
                .storageFailure,
                "late_events holds kind \(kindText), closed_date \(closedText), booked_date \(bookedText)")
        }
        return LateEvent(
            sequence: try row.int64("event_seq"), kind: kind, closedDate: closed, bookedDate: booked,
            invoiceID: Invoice.ID(try row.text("invoice_id")),
            paymentID: try row.optionalText("payment_id").map { Payment.ID($0) },
            revenueLine: try row.text("revenue_line"), extra: try row.bool("extra"),
            amount: Rupiah(try row.int64("amount")),
            mdr: Rupiah(try row.int64("mdr")),
            net: Rupiah(try row.int64("net")),
            recordedAt: Date(ledgerMilliseconds: try row.int64("recorded_ms")))
    }
}

package extension LedgerQueries {
    /// What refunds and reversals gave back of an invoice's own payments (not its `extra` ones).
    static func ownGivenBack(invoiceID: Invoice.ID, _ db: some SQLSession) throws -> Rupiah {
        let amounts = try db.int64s(
            """
            SELECT r.amount FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
            WHERE r.invoice_id = ? AND p.effect <> 'extra'
            """, [invoiceID.rawValue])
        return try amounts.reduce(Rupiah.zero) { try $0.adding(Rupiah($1), what: "refunds of invoice \(invoiceID)") }
    }

    /// The late events booked against `date` (`column` `booked_date`) or about it (`closed_date`),
    /// in chain order.
    static func lateEvents(_ column: String, _ date: CivilDate, _ db: some SQLSession) throws -> [LateEvent] {
        try db.rows(
            "SELECT \(LedgerRowCodec.lateEventColumns) FROM late_events WHERE \(column) = ? ORDER BY event_seq",
            ["\(date)"]
        ).map(LedgerRowCodec.lateEvent)
    }
}
