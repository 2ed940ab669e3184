import Foundation
import Ledger

package extension LedgerWrites {
    static func recordPayment(
        _ draft: PaymentDraft, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> RecordedPayment {
        try recordPayment(draft, settlement: nil, openedBy: nil, db, &state).recorded
    }

    /// Records a payment (see ``LedgerStore/recordPayment(_:)``) and opens the exception it calls
    /// for, if any (``openFollowUp(for:invoice:wasCancelled:settlement:openedBy:_:_:)``), naming the
    /// settlement row that reported it. Returns whether it opened one.
    static func recordPayment(
        _ draft: PaymentDraft, settlement: SettlementRowReference?, openedBy: LedgerActor?, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> (recorded: RecordedPayment, openedException: Bool) {
        guard let invoice = try LedgerQueries.invoice(where: "bill_number", equals: draft.billNumber.rawValue, db)
        else {
            throw LedgerError(
                .unknownBillNumber, "no invoice has bill number \(draft.billNumber); record a payment exception",
                field: "billNumber")
        }
        return try recordPayment(draft, on: invoice, settlement: settlement, openedBy: openedBy, db, &state)
    }

    /// Records a payment for `invoice`, the invoice with `draft.billNumber` as the caller has just read it
    /// in this transaction (applying a settlement row reads it once for every check).
    static func recordPayment(
        _ draft: PaymentDraft, on invoice: Invoice, settlement: SettlementRowReference?, openedBy: LedgerActor?,
        _ db: some SQLSession, _ state: inout WriteState
    ) throws -> (recorded: RecordedPayment, openedException: Bool) {
        var invoice = invoice
        if let existing = try LedgerQueries.payment(billNumber: invoice.billNumber, rrn: draft.rrn, db) {
            guard existing.amount == draft.amount else {
                throw LedgerError(
                    .duplicateRRN,
                    "RRN \(draft.rrn) was already recorded for bill number \(existing.billNumber) as "
                        + "\(existing.amount.formatted), now reported as \(draft.amount.formatted)",
                    field: "rrn")
            }
            return (RecordedPayment(payment: existing, invoice: invoice, isNew: false), false)
        }
        guard draft.amount == invoice.amount else {
            throw LedgerError(
                .amountMismatch,
                "bill number \(invoice.billNumber) is for \(invoice.amount.formatted) but \(draft.amount.formatted) was paid",
                field: "amount")
        }
        let decision = Payment.Effect.decide(for: invoice, paidAt: draft.paidAt)
        let wasCancelled = invoice.status == .cancelled
        let payment = Payment(
            id: .generate(), invoiceID: invoice.id, billNumber: invoice.billNumber, rrn: draft.rrn,
            issuer: draft.issuer,
            amount: draft.amount, paidAt: draft.paidAt.ledgerRounded, recordedAt: draft.recordedAt.ledgerRounded,
            source: draft.source, effect: decision.effect, verifiedBy: draft.verifiedBy)
        try LedgerRowCodec.insert(payment, db)
        try state.totals.paid(payment)
        if let status = decision.status {
            try state.totals.moved(invoice, to: status, db)
            state.totals.paid(invoice, at: payment.paidAt)
            invoice.status = status
            invoice.paidAt = payment.paidAt
            invoice.statusChangedAt = payment.recordedAt
            let update = try db.prepared("UPDATE invoices SET status = ?, paid_ms = ?, status_ms = ? WHERE id = ?")
            update.bind(1, status.rawValue)
            update.bind(2, payment.paidAt.ledgerMilliseconds)
            update.bind(3, payment.recordedAt.ledgerMilliseconds)
            update.bind(4, invoice.id.rawValue)
            try update.step()
        }
        try LedgerRowCodec.append(.paymentRecorded(payment), at: payment.recordedAt, db, state: &state)
        let opened = try openFollowUp(
            for: payment, invoice: invoice, wasCancelled: decision.status == .paidLate && wasCancelled,
            settlement: settlement, openedBy: openedBy, db, &state)
        return (RecordedPayment(payment: payment, invoice: invoice, isNew: true), opened)
    }

    /// Money that needs a person's decision becomes an open exception in the same transaction: a
    /// second payment for an invoice that had its money (`duplicate_payment`, to refund) and a
    /// payment for a cancelled invoice (`paid_late`, to refund or keep). Keyed by the payment, so a
    /// settlement row for the same payment opens nothing twice.
    private static func openFollowUp(
        for payment: Payment, invoice: Invoice, wasCancelled: Bool, settlement: SettlementRowReference?,
        openedBy: LedgerActor?, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> Bool {
        let category: ExceptionCase.Category
        let detail: String
        if payment.effect == .extra {
            category = .duplicatePayment
            detail =
                "a second payment of \(payment.amount.formatted) for bill \(invoice.billNumber) (payment \(payment.id)): "
                + "refund it to the payer"
        } else if wasCancelled {
            category = .paidLate
            detail = "invoice \(invoice.id) was cancelled, then paid \(payment.amount.formatted): refund it or keep it"
        } else {
            return false
        }
        return try open(
            ExceptionCase(
                id: .generate(), key: "\(category.rawValue) \(payment.id)", category: category,
                origin: payment.source == .settlementFile ? .settlementFile : .ledger, amount: payment.amount,
                invoiceID: invoice.id, paymentID: payment.id, deviceID: invoice.deviceID,
                billNumber: invoice.billNumber.rawValue, rrn: payment.rrn, issuer: payment.issuer,
                paidAt: payment.paidAt,
                settlement: settlement, detail: detail, openedAt: payment.recordedAt, openedBy: openedBy),
            db, &state)
    }

    static func recordPaymentException(
        _ draft: PaymentExceptionDraft, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> RecordedPaymentException {
        // Idempotent on (bill number, RRN, body SHA-256); the same (bill number, RRN), reason and
        // amount under another body (a re-serialised retry, or a row from before bodies were hashed)
        // is the same exception too.
        if let row = try db.row(
            """
            SELECT \(LedgerRowCodec.exceptionColumns) FROM payment_exceptions
            WHERE bill_number = ? AND rrn = ?
                AND (body_sha256 = ? OR (reason = ? AND amount IS NOT DISTINCT FROM ? AND amount_text IS NOT DISTINCT FROM ?))
            ORDER BY body_sha256 <> ?, recorded_ms, id LIMIT 1
            """,
            [
                draft.billNumber, draft.rrn, draft.bodySHA256 ?? "", draft.reason.rawValue, draft.amount?.value,
                draft.amountText, draft.bodySHA256 ?? "",
            ])
        {
            return RecordedPaymentException(exception: try LedgerRowCodec.exception(row), isNew: false)
        }
        let exception = PaymentException(
            id: .generate(), billNumber: draft.billNumber, rrn: draft.rrn, issuer: draft.issuer, amount: draft.amount,
            paidAt: draft.paidAt.ledgerRounded, recordedAt: draft.recordedAt.ledgerRounded, source: draft.source,
            reason: draft.reason, detail: draft.detail, amountText: draft.amountText, bodySHA256: draft.bodySHA256,
            verifiedBy: draft.verifiedBy)
        try LedgerRowCodec.insert(exception, db)
        // The exception is also work for finance (`exception_cases`), as the replay opens it.
        try LedgerRowCodec.insert(ExceptionCase(paymentException: exception.storedForm), db)
        try LedgerRowCodec.append(.paymentException(exception), at: exception.recordedAt, db, state: &state)
        return RecordedPaymentException(exception: exception, isNew: true)
    }

    /// Moves an invoice to `status` (cancel, settle, refund). Moving to the status it already has
    /// changes nothing.
    static func move(
        _ id: Invoice.ID, to status: InvoiceStatus, fact: LedgerFact, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> Invoice {
        guard let invoice = try LedgerQueries.invoice(where: "id", equals: id.rawValue, db) else {
            throw LedgerError(.unknownInvoice, "invoice \(id) does not exist", field: "invoiceID")
        }
        return try move(invoice, to: status, fact: fact, at: at, db, &state)
    }

    /// Moves `invoice`, as the caller has just read or written it in this transaction, to `status`.
    static func move(
        _ invoice: Invoice, to status: InvoiceStatus, fact: LedgerFact, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> Invoice {
        var invoice = invoice
        if invoice.status == status { return invoice }
        guard invoice.status.canMove(to: status) else {
            throw LedgerError(
                .invalidTransition,
                "invoice \(invoice.id) is \(invoice.status.rawValue) and cannot become \(status.rawValue)",
                field: "status")
        }
        try setStatus(&invoice, status, at: at, db, &state)
        try LedgerRowCodec.append(fact, at: at, db, state: &state)
        return invoice
    }

    static func expireDue(now: Date, _ db: some SQLSession, _ state: inout WriteState) throws -> [Invoice] {
        let due = try db.rows(
            """
            SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices
            WHERE status = 'issued' AND expires_ms <= ? ORDER BY expires_ms, id
            """, [now.ledgerMilliseconds]
        ).map(LedgerRowCodec.invoice)
        var expired: [Invoice] = []
        for var invoice in due {
            try setStatus(&invoice, .expired, at: now, db, &state)
            try LedgerRowCodec.append(.invoiceExpired(invoice.id), at: now, db, state: &state)
            expired.append(invoice)
        }
        return expired
    }

    private static func setStatus(
        _ invoice: inout Invoice, _ status: InvoiceStatus, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws {
        try state.totals.moved(invoice, to: status, db)
        invoice.status = status
        invoice.statusChangedAt = at.ledgerRounded
        let update = try db.prepared("UPDATE invoices SET status = ?, status_ms = ? WHERE id = ?")
        update.bind(1, status.rawValue)
        update.bind(2, at.ledgerMilliseconds)
        update.bind(3, invoice.id.rawValue)
        try update.step()
    }
}
