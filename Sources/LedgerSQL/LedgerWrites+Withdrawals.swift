import Foundation
import Ledger

/// Withdrawing what a settlement file's application did, when a corrected re-send replaced the file.
package extension LedgerWrites {
    /// One chunk of a withdrawal (``LedgerStore/withdrawSettlementChunk(_:)``) in the caller's
    /// transaction: the invoices the file settled that are still `settled` by it, from row
    /// `chunk.fromRow` in row order, go back to the status their own payment gave them; then the open
    /// exceptions about the file's rows (keyed `stl-… row N`) are resolved `bank_corrected`. Payments,
    /// reversals and the exceptions about a payment (a duplicate to refund, a late payment) stay: they
    /// are about money that moved, which the re-send does not undo (docs/reconciliation.md).
    static func withdrawSettlementChunk(
        _ chunk: SettlementWithdrawalChunk, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> SettlementWithdrawalProgress {
        try requireFinance(chunk.actor, "withdraw settlement files", db)
        guard var application = try LedgerQueries.settlementApplication(id: chunk.settlementID, db) else {
            throw LedgerError(
                .settlementNotApplied, "settlement \(chunk.settlementID) was never applied: nothing to withdraw",
                field: "settlementID")
        }
        if application.isWithdrawn {
            return SettlementWithdrawalProgress(application: application, chunk: nil, nextRow: application.rowCount)
        }
        let imported = try db.row(
            "SELECT 1 FROM events WHERE entity_id = ? AND kind = ? LIMIT 1",
            [chunk.supersededBy, LedgerEvent.Kind.settlementImported.rawValue])
        guard imported != nil, chunk.supersededBy != chunk.settlementID else {
            throw LedgerError(
                .settlementNotImported, "the corrected re-send \(chunk.supersededBy) was never imported",
                field: "supersededBy")
        }
        let at = chunk.at.ledgerRounded
        let limit = max(1, chunk.limit)
        let settled = try db.rows(
            """
            SELECT s.invoice_id, s.settlement_row, s.location, s.gross, s.mdr, s.net,
                (SELECT p.effect FROM payments p WHERE p.invoice_id = s.invoice_id AND p.effect <> 'extra'
                    ORDER BY p.paid_ms LIMIT 1) AS effect
            FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
            WHERE s.settlement_id = ? AND s.settlement_row >= ? AND s.withdrawn_by IS NULL
                AND i.status = 'settled'
            ORDER BY s.settlement_row LIMIT ?
            """, [chunk.settlementID, chunk.fromRow, limit])
        var nextRow = chunk.fromRow
        for row in settled {
            let id = Invoice.ID(try row.text("invoice_id"))
            let entry = SettlementEntry(
                reference: SettlementRowReference(
                    settlementID: chunk.settlementID, row: try row.int64("settlement_row"),
                    location: try row.text("location")),
                gross: Rupiah(try row.int64("gross")), mdr: Rupiah(try row.int64("mdr")),
                net: Rupiah(try row.int64("net"))
            )
            let status: InvoiceStatus =
                (try row.optionalText("effect")) == Payment.Effect.paidLate.rawValue ? .paidLate : .paid
            guard let invoice = try LedgerQueries.invoice(where: "id", equals: id.rawValue, db) else {
                throw LedgerQueries.internalError("settlement \(chunk.settlementID) settled missing invoice \(id)")
            }
            try state.totals.moved(invoice, to: status, withdrawn: true, db)
            try db.execute(
                "UPDATE invoices SET status = ?, status_ms = ? WHERE id = ?",
                [status.rawValue, at.ledgerMilliseconds, id.rawValue])
            try db.execute(
                "UPDATE invoice_settlements SET withdrawn_by = ? WHERE invoice_id = ?",
                [chunk.supersededBy, id.rawValue])
            try LedgerRowCodec.append(
                .invoiceUnsettled(
                    id, settlement: entry, status: status, supersededBy: chunk.supersededBy, actor: chunk.actor),
                at: at, db, state: &state)
            nextRow = entry.reference.row + 1
        }
        var resolved: Int64 = 0
        if settled.count < limit {
            // The row exceptions' keys are `stl-… row N`: a range of the unique key index.
            let prefix = "\(chunk.settlementID) row "
            let open = try db.strings(
                """
                SELECT id FROM exception_cases WHERE key >= ? AND key < ? AND resolution IS NULL
                ORDER BY key LIMIT ?
                """, [prefix, "\(chunk.settlementID) row!", limit - settled.count])
            for id in open {
                _ = try resolveException(
                    ExceptionCase.ID(id),
                    ExceptionCase.Resolution(
                        code: .bankCorrected,
                        note: "settlement \(chunk.settlementID) was replaced by the corrected re-send "
                            + "\(chunk.supersededBy); its application was withdrawn",
                        actor: chunk.actor, at: at), db, &state)
                resolved += 1
            }
        }
        let complete = settled.count + Int(resolved) < limit
        let record = SettlementWithdrawal(
            settlementID: chunk.settlementID, supersededBy: chunk.supersededBy, unsettled: Int64(settled.count),
            exceptionsResolved: resolved, complete: complete, actor: chunk.actor)
        try LedgerRowCodec.append(.settlementWithdrawn(record), at: at, db, state: &state)
        if complete {
            application.supersededBy = chunk.supersededBy
            application.withdrawnAt = at
            try LedgerRowCodec.save(application, db)
        }
        return SettlementWithdrawalProgress(application: application, chunk: record, nextRow: nextRow)
    }
}
