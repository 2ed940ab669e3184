import Foundation
import Ledger

/// Applying a settlement file's rows, and working exceptions.
package extension LedgerWrites {
    /// What one chunk did, counted for its `settlement.applied` event.
    struct ChunkTally {
        var settled: Int64 = 0
        var payments: Int64 = 0
        var exceptions: Int64 = 0
        var reversals: Int64 = 0
    }

    /// Applies rows `[chunk.firstRow, …)` of a settlement file in the caller's transaction and appends
    /// their events and the chunk's `settlement.applied`. A file already complete is returned as it is.
    static func applySettlementChunk(
        _ chunk: SettlementChunk, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> SettlementApplication {
        try requireFinance(chunk.actor, "apply settlement files", db)
        let imported = try db.row(
            "SELECT 1 FROM events WHERE entity_id = ? AND kind = ? LIMIT 1",
            [chunk.settlementID, LedgerEvent.Kind.settlementImported.rawValue])
        guard imported != nil else {
            throw LedgerError(
                .settlementNotImported, "settlement \(chunk.settlementID) was never imported", field: "settlementID")
        }
        let current = try LedgerQueries.settlementApplication(id: chunk.settlementID, db)
        if let current, let supersededBy = current.supersededBy {
            throw LedgerError(
                .settlementWithdrawn,
                "settlement \(chunk.settlementID) was withdrawn for the corrected re-send \(supersededBy); apply that one",
                field: "settlementID")
        }
        if let current, current.isComplete { return current }
        let applied = current?.appliedRows ?? 0
        let toRow = chunk.firstRow + Int64(chunk.lines.count)
        guard chunk.firstRow == applied, toRow <= chunk.rowCount, chunk.rowCount == current?.rowCount ?? chunk.rowCount
        else {
            throw LedgerError(
                .settlementOutOfOrder,
                "settlement \(chunk.settlementID): rows \(chunk.firstRow)..<\(toRow) of \(chunk.rowCount) do not "
                    + "follow the \(applied) rows applied so far", field: "firstRow")
        }
        let at = chunk.at.ledgerRounded
        var tally = ChunkTally()
        for line in chunk.lines {
            try apply(line, actor: chunk.actor, at: at, db, &state, &tally)
        }
        if toRow == chunk.rowCount {
            for overdue in chunk.overdue {
                guard let invoice = try LedgerQueries.invoice(where: "id", equals: overdue.invoiceID.rawValue, db),
                    invoice.status == .paid || invoice.status == .paidLate
                else { continue }
                let exception = ExceptionCase(
                    id: .generate(), key: "paid_not_settled \(invoice.id)", category: .paidNotSettled,
                    origin: .settlementFile, amount: invoice.amount, invoiceID: invoice.id, deviceID: invoice.deviceID,
                    billNumber: invoice.billNumber.rawValue, paidAt: invoice.paidAt, detail: overdue.detail,
                    openedAt: at, openedBy: chunk.actor)
                if try open(exception, db, &state) { tally.exceptions += 1 }
            }
        }
        let record = SettlementChunkRecord(
            settlementID: chunk.settlementID, fromRow: chunk.firstRow, toRow: toRow, rowCount: chunk.rowCount,
            settled: tally.settled, paymentsRecorded: tally.payments, exceptionsOpened: tally.exceptions,
            actor: chunk.actor, reversalsRecorded: tally.reversals)
        try LedgerRowCodec.append(.settlementApplied(record), at: at, db, state: &state)
        var application = current ?? SettlementApplication(first: record, at: at)
        if current != nil { application.add(record, at: at) }
        try LedgerRowCodec.save(application, db)
        return application
    }

    /// One row: settle, record an extra payment or a reversal, or open an exception.
    private static func apply(
        _ line: SettlementLine, actor: LedgerActor, at: Date, _ db: some SQLSession, _ state: inout WriteState,
        _ tally: inout ChunkTally
    ) throws {
        let invoice = try line.billNumber.flatMap { try? BillNumber($0) }.flatMap {
            try LedgerQueries.invoice(where: "bill_number", equals: $0.rawValue, db)
        }
        func openRowCase(
            _ category: ExceptionCase.Category, key: String? = nil, payment: Payment? = nil, _ detail: String
        )
            throws
        {
            let exception = ExceptionCase(
                id: .generate(), key: key ?? "\(line.reference.settlementID) row \(line.reference.row)",
                category: category, origin: .settlementFile, amount: line.gross.isStorable ? line.gross : nil,
                invoiceID: invoice?.id, paymentID: payment?.id, deviceID: invoice?.deviceID,
                billNumber: line.billNumber.map { String($0.prefix(64)) }, rrn: line.rrn.map { String($0.prefix(32)) },
                issuer: line.issuer.map { String($0.prefix(64)) }, paidAt: line.paidAt.ledgerRounded,
                settlement: line.reference, detail: String(detail.prefix(500)), openedAt: at, openedBy: actor)
            if try open(exception, db, &state) { tally.exceptions += 1 }
        }
        /// Records the row as a payment of `invoice` and counts it; when the ledger refuses the payment,
        /// opens a `refused` case for the row instead and returns nil.
        func recordRowPayment(_ invoice: Invoice, refused: ExceptionCase.Category) throws -> RecordedPayment? {
            let outcome: (recorded: RecordedPayment, openedException: Bool)
            do {
                outcome = try recordPayment(
                    paymentDraft(line, invoice: invoice, at: at), on: invoice, settlement: line.reference,
                    openedBy: actor, db, &state)
            } catch let error as LedgerError {
                try openRowCase(refused, "\(line.detail); the payment could not be recorded: \(error.message)")
                return nil
            }
            if outcome.recorded.isNew { tally.payments += 1 }
            if outcome.openedException { tally.exceptions += 1 }
            return outcome.recorded
        }
        switch line.kind {
        case .exception(let category):
            try openRowCase(category, line.detail)
        case .reversal:
            switch try reverse(line, of: invoice, actor: actor, at: at, db, &state) {
            case .recorded: tally.reversals += 1
            case .known: break
            case .exception(let payment, let detail): try openRowCase(.reversal, payment: payment, detail)
            }
        case .extraPayment:
            guard let invoice else { return try openRowCase(.unknownBill, line.detail) }
            guard let recorded = try recordRowPayment(invoice, refused: .amountMismatch) else { return }
            // A second payment the notify path recorded already opened its exception (keyed by the
            // payment); one that was recorded as the invoice's own payment needs none.
            if !recorded.isNew, recorded.payment.effect == .extra {
                try openRowCase(
                    .duplicatePayment,
                    key: "\(ExceptionCase.Category.duplicatePayment.rawValue) \(recorded.payment.id)",
                    payment: recorded.payment,
                    "a second payment of \(line.gross.formatted) for bill \(invoice.billNumber): refund it to the payer"
                )
            }
        case .settle:
            guard var invoice else { return try openRowCase(.unknownBill, line.detail) }
            guard line.gross == invoice.amount else {
                return try openRowCase(
                    .amountMismatch,
                    "invoice \(invoice.id) is for \(invoice.amount.formatted), the bank settled \(line.gross.formatted)"
                )
            }
            let entry = SettlementEntry(reference: line.reference, gross: line.gross, mdr: line.mdr, net: line.net)
            guard (try? entry.validate()) != nil else {
                return try openRowCase(
                    .amountMismatch,
                    "the row's gross \(line.gross.formatted) is not MDR \(line.mdr.formatted) + net \(line.net.formatted)"
                )
            }
            switch invoice.status {
            case .settled, .refunded:
                return try openRowCase(
                    .alreadySettled,
                    "invoice \(invoice.id) is already \(invoice.status.rawValue); this row settles it again")
            case .issued, .expired, .cancelled:
                guard let recorded = try recordRowPayment(invoice, refused: .invalidField) else { return }
                invoice = recorded.invoice
            case .paid, .paidLate:
                break
            }
            _ = try move(
                invoice, to: .settled,
                fact: .invoiceSettled(
                    invoice.id, reference: line.reference.description, actor: actor, settlement: entry),
                at: at, db, &state)
            try LedgerRowCodec.insert(InvoiceSettlement(invoiceID: invoice.id, entry: entry, settledAt: at), db)
            try state.totals.settled(invoice, entry, db)
            tally.settled += 1
        }
    }

    private static func paymentDraft(_ line: SettlementLine, invoice: Invoice, at: Date) throws -> PaymentDraft {
        let draft = PaymentDraft(
            billNumber: invoice.billNumber, rrn: line.rrn ?? "", issuer: line.issuer ?? "", amount: line.gross,
            paidAt: line.paidAt, recordedAt: at, source: .settlementFile)
        try draft.validate()
        return draft
    }

    /// Opens an exception unless one with its key exists. Returns whether it opened one.
    static func open(_ exception: ExceptionCase, _ db: some SQLSession, _ state: inout WriteState) throws -> Bool {
        let existing = try db.row("SELECT 1 FROM exception_cases WHERE key = ?", [exception.key])
        guard existing == nil else { return false }
        try exception.validate()
        try LedgerRowCodec.insert(exception, db)
        try LedgerRowCodec.append(.exceptionOpened(exception), at: exception.openedAt, db, state: &state)
        return true
    }

    /// Only finance and admin devices (or the server operator) apply settlement files and work exceptions.
    static func requireFinance(_ actor: LedgerActor, _ what: String, _ db: some SQLSession) throws {
        guard let device = try LedgerQueries.actingDevice(actor, db), !device.role.canWorkExceptions else { return }
        throw LedgerError(
            .actorNotAllowed,
            "device \(device.id) has role \(device.role.rawValue); only finance and admin devices \(what)",
            field: "actor.device")
    }

    static func assignException(
        _ id: ExceptionCase.ID, to assignee: String, actor: LedgerActor, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> ExceptionCase {
        try requireFinance(actor, "assign exceptions", db)
        var exception = try openException(id, db)
        if exception.assignee == assignee { return exception }
        exception.assignee = assignee
        exception.assignedAt = at.ledgerRounded
        try LedgerRowCodec.saveAssignment(of: exception, db)
        try LedgerRowCodec.append(.exceptionAssigned(id, to: assignee, actor: actor), at: at, db, state: &state)
        return exception
    }

    static func resolveException(
        _ id: ExceptionCase.ID, _ resolution: ExceptionCase.Resolution, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> ExceptionCase {
        try requireFinance(resolution.actor, "resolve exceptions", db)
        var resolution = resolution
        resolution.at = resolution.at.ledgerRounded
        guard var exception = try LedgerQueries.exceptionCase(id: id, db) else {
            throw LedgerError(.unknownException, "exception \(id) does not exist", field: "id")
        }
        if let earlier = exception.resolution {
            // A repeat of the same resolution (a retried request) answers the resolved exception.
            if earlier.code == resolution.code, earlier.note == resolution.note,
                earlier.invoiceID == resolution.invoiceID,
                earlier.duplicateOf == resolution.duplicateOf
            {
                return exception
            }
            throw LedgerError(
                .exceptionAlreadyResolved,
                "exception \(id) was resolved as \(earlier.code.rawValue) by \(earlier.actor) at \(earlier.at)",
                field: "id")
        }
        switch resolution.code {
        case .matchedManually:
            guard let invoiceID = resolution.invoiceID,
                let invoice = try LedgerQueries.invoice(where: "id", equals: invoiceID.rawValue, db)
            else {
                throw LedgerError(
                    .unknownInvoice, "invoice \(resolution.invoiceID?.rawValue ?? "-") does not exist",
                    field: "invoiceId")
            }
            guard let amount = exception.amount, exception.paymentID == nil else {
                throw LedgerError(
                    .invalidField,
                    "exception \(id) holds no unapplied payment to match (\(exception.category.rawValue))",
                    field: "resolution")
            }
            let draft = PaymentDraft(
                billNumber: invoice.billNumber, rrn: exception.rrn ?? String(id.rawValue.suffix(32)),
                issuer: exception.issuer ?? "-", amount: amount, paidAt: exception.paidAt ?? resolution.at,
                recordedAt: resolution.at, source: .manual(reason: "exception \(id) matched manually"))
            try draft.validate()
            _ = try recordPayment(draft, db, &state)
        case .duplicateOf:
            guard let other = resolution.duplicateOf, other != id,
                try LedgerQueries.exceptionCase(id: other, db) != nil
            else {
                throw LedgerError(
                    .unknownException, "duplicateOf must name another existing exception", field: "duplicateOf")
            }
        default:
            break
        }
        exception.resolution = resolution
        try LedgerRowCodec.saveResolution(of: exception, db)
        try LedgerRowCodec.append(.exceptionResolved(id, resolution), at: resolution.at, db, state: &state)
        return exception
    }

    private static func openException(_ id: ExceptionCase.ID, _ db: some SQLSession) throws -> ExceptionCase {
        guard let exception = try LedgerQueries.exceptionCase(id: id, db) else {
            throw LedgerError(.unknownException, "exception \(id) does not exist", field: "id")
        }
        if let resolution = exception.resolution {
            throw LedgerError(
                .exceptionAlreadyResolved,
                "exception \(id) was resolved as \(resolution.code.rawValue) at \(resolution.at)", field: "id")
        }
        return exception
    }
}
