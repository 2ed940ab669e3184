import Foundation
import Ledger

package extension LedgerWrites {
    /// Records one offline record (``LedgerStore/recordOffline(_:)``).
    static func recordOffline(
        _ submission: OfflineSubmission, _ db: some SQLSession, _ state: inout WriteState
    ) throws
        -> OfflineOutcome
    {
        let record = submission.record
        if let earlier = try earlierOutcome(record, db) { return earlier }
        guard let device = try LedgerQueries.device(id: record.deviceID, db) else {
            throw LedgerError(.unknownDevice, "device \(record.deviceID) is not enrolled", field: "deviceId")
        }
        // Nothing dated after the device's revocation; what it made before may still come, brought
        // by an admin (`POST /api/v1/devices/{id}/offline-tickets`).
        guard record.precedesRevocation(of: device) else {
            throw LedgerError(
                .offlineTooLate,
                "the record is dated \(OfflineTime.format(record.latestTime)), after device \(device.id) was revoked",
                field: "at")
        }
        guard device.role.canIssue, try mayBring(submission.actor, records: device, db) else {
            throw LedgerError(
                .deviceCannotIssue, "\(submission.actor) may not record offline tickets of device \(device.id)",
                field: "deviceId")
        }
        guard device.publicKey != nil, device.code == record.deviceCode else {
            throw LedgerError(
                .deviceKeyMissing, "device \(device.id) has no registered key or another device code",
                field: "deviceCode")
        }
        var gapAfter: Int64?
        if let number = record.sequence {
            guard number > device.lastSequence else {
                throw LedgerError(
                    .offlineSequenceTaken,
                    "sequence \(number) of device \(device.id) is taken (its last sequence is \(device.lastSequence))",
                    field: "sequence")
            }
            if number > device.lastSequence + 1 { gapAfter = device.lastSequence }
        }
        var ticket = record.operation.needsTicket ? try referencedTicket(record, db) : nil
        if record.operation == .void, let ticket,
            let refusal = device.cancelRefusal(
                issuer: ticket.deviceID, invoiceZones: [ticket.zone])
        {
            throw LedgerError(
                .voidNotAllowed, "device \(device.id) may not void ticket \(ticket.id): \(refusal)", field: "ticket")
        }
        let invoiceID: Invoice.ID? = record.operation.makesInvoice ? .generate() : nil
        if record.operation.startsTicket {
            ticket = try makeTicket(
                ParkingDetails(
                    plate: record.plate ?? "", vehicleClass: record.vehicleClass ?? "", zone: record.zone ?? "",
                    entryAt: record.entryAt ?? record.at),
                deviceID: device.id, sequence: record.sequence ?? 0, invoiceID: invoiceID,
                idempotencyKey: record.storedIdempotencyKey)
        }
        // The exceptions, with their ids known before the recording names them.
        var exceptions: [ExceptionCase] = submission.findings.map { finding in
            offlineException(
                finding.category, detail: finding.detail, amount: finding.amount, record: record, invoiceID: invoiceID,
                at: submission.receivedAt)
        }
        if let gapAfter, let number = record.sequence {
            exceptions.append(
                offlineException(
                    .sequenceGap,
                    detail:
                        "device \(device.id) skipped sequences \(gapAfter + 1)–\(number - 1) (offline record \(record.idempotencyKey))",
                    amount: nil, record: record, invoiceID: invoiceID, at: submission.receivedAt))
        }
        let recording = OfflineRecording(
            record: record, receivedAt: submission.receivedAt, deviceClock: submission.deviceClock,
            ticketID: ticket?.id, invoiceID: invoiceID, gapAfter: gapAfter, exceptions: exceptions.map(\.id),
            actor: submission.actor)
        try LedgerRowCodec.append(.offlineRecorded(recording), at: recording.receivedAt, db, state: &state)
        try db.execute(
            """
            INSERT INTO offline_records (idempotency_key, device_id, operation, sequence, ticket_id, invoice_id,
                received_ms, recording)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                recording.key, device.id.rawValue, record.operation.rawValue, record.sequence, ticket?.id.rawValue,
                invoiceID?.rawValue, recording.receivedAt.ledgerMilliseconds, recording.canonical.text,
            ])
        let invoice = try applyOffline(
            record, submission, device: device, ticket: ticket, invoiceID: invoiceID, db, &state)
        for exception in exceptions { _ = try open(exception, db, &state) }
        if let invoice {
            exceptions += try matchPendingOffline(invoice, record: record, at: submission.receivedAt, db, &state)
            if let matched = try matchStaticPayment(for: invoice, at: submission.receivedAt, db, &state) {
                exceptions.append(matched)
            }
        }
        return OfflineOutcome(
            status: .recorded, ticketID: ticket?.id, invoiceID: invoice?.id, sequence: record.sequence,
            exceptions: exceptions)
    }

    /// Writes what the record did, with its own times, as the online flow's events.
    private static func applyOffline(
        _ record: OfflineRecord, _ submission: OfflineSubmission, device: Device, ticket: ParkingTicket?,
        invoiceID: Invoice.ID?, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> Invoice? {
        let key = record.storedIdempotencyKey
        let idempotency = LedgerFact.Idempotency(key: key, requestHash: record.digest)
        // What the record did names the device that did it, whoever brought the record.
        let actor = LedgerActor.device(device.id)
        var invoice: Invoice?
        if let invoiceID, let number = record.sequence {
            guard let terms = submission.invoice else {
                throw LedgerError(
                    .invalidField, "an \(record.operation.rawValue) record needs its invoice terms", field: "invoice")
            }
            try terms.validate()
            invoice = makeInvoice(
                invoiceID, terms, kind: .parking, sequence: number, feeCode: nil, ticketID: ticket?.id,
                idempotencyKey: key)
            try LedgerRowCodec.insert(invoice!, db)
            try state.totals.issued(invoice!, ticket: ticket, db)
            try db.execute("UPDATE invoices SET source = 'offline' WHERE id = ?", [invoiceID.rawValue])
        }
        if let number = record.sequence {
            try db.execute("UPDATE devices SET last_sequence = ? WHERE id = ?", [number, device.id.rawValue])
        }
        guard var ticket else { throw LedgerQueries.internalError("offline record without a ticket") }
        switch record.operation {
        case .issue:
            try LedgerRowCodec.insert(ticket, db)
            try state.totals.opened(ticket)
            try markOffline(ticket.id, db)
            try claimKey(key, .issueInvoice, entityID: invoiceID!.rawValue, requestHash: record.digest, db)
            try LedgerRowCodec.append(
                .invoiceIssued(invoice!, ticket: ticket, idempotency, actor: actor), at: invoice!.issuedAt, db,
                state: &state)
        case .open:
            try LedgerRowCodec.insert(ticket, db)
            try state.totals.opened(ticket)
            try markOffline(ticket.id, db)
            try claimKey(key, .openTicket, entityID: ticket.id.rawValue, requestHash: record.digest, db)
            try LedgerRowCodec.append(
                .ticketOpened(ticket, idempotency, actor: actor), at: ticket.entryAt, db, state: &state)
        case .exit:
            ticket.exitAt = record.exitAt
            try db.execute(
                "UPDATE tickets SET exit_ms = ?, invoice_id = ? WHERE id = ?",
                [record.exitAt?.ledgerMilliseconds, invoiceID?.rawValue, ticket.id.rawValue])
            try claimKey(key, .closeTicket, entityID: ticket.id.rawValue, requestHash: record.digest, db)
            try LedgerRowCodec.append(
                .ticketClosed(ticket.id, exitAt: record.exitAt!, invoice: invoice!, idempotency, actor: actor),
                at: invoice!.issuedAt, db, state: &state)
        case .exitFree:
            try db.execute(
                "UPDATE tickets SET exit_ms = ?, closure = 'free' WHERE id = ?",
                [record.exitAt?.ledgerMilliseconds, ticket.id.rawValue])
            try claimKey(key, .closeTicket, entityID: ticket.id.rawValue, requestHash: record.digest, db)
            try LedgerRowCodec.append(
                .ticketClosedFree(ticket.id, exitAt: record.exitAt!, idempotency, actor: actor), at: record.exitAt!, db,
                state: &state)
        case .void:
            try db.execute(
                "UPDATE tickets SET exit_ms = ?, closure = 'void', closure_reason = ? WHERE id = ?",
                [record.at.ledgerMilliseconds, record.reason, ticket.id.rawValue])
            try state.totals.voided(ticket)
            try LedgerRowCodec.append(
                .ticketVoided(ticket.id, reason: record.reason ?? "", actor: actor), at: record.at, db, state: &state)
        }
        return invoice
    }

    /// Whether `actor` may bring the offline records of `device`: the device itself while active,
    /// or an active admin device.
    private static func mayBring(_ actor: LedgerActor, records device: Device, _ db: some SQLSession) throws -> Bool {
        guard let id = actor.device else { return false }
        if id == device.id { return !device.isRevoked }
        guard let admin = try LedgerQueries.device(id: id, db) else { return false }
        return admin.role == .admin && !admin.isRevoked
    }

    private static func markOffline(_ id: ParkingTicket.ID, _ db: some SQLSession) throws {
        try db.execute(
            "UPDATE tickets SET source = 'offline' WHERE id = ?",
            [
                id.rawValue
            ])
    }

    private static func claimKey(
        _ key: String, _ operation: IdempotencyRecord.Operation, entityID: String, requestHash: String,
        _ db: some SQLSession
    ) throws {
        _ = try keep(key, operation, entityID: entityID, requestHash: requestHash, db)
    }

    /// An exception about an offline record (one per record and category).
    static func offlineException(
        _ category: ExceptionCase.Category, detail: String, amount: Rupiah?, record: OfflineRecord,
        invoiceID: Invoice.ID?, at: Date
    ) -> ExceptionCase {
        ExceptionCase(
            id: .generate(), key: "offline \(category.rawValue) \(record.storedIdempotencyKey)", category: category,
            origin: .ledger, amount: amount, invoiceID: invoiceID, deviceID: record.deviceID,
            billNumber: record.billNumber, detail: String(detail.prefix(500)), openedAt: at.ledgerRounded,
            openedBy: .device(record.deviceID))
    }

    /// Applies the payments held as `pending_offline` for the new invoice's bill number (same
    /// amount): each is recorded on the invoice (its own time decides paid or paid late) and its
    /// exception resolved `matched_manually` by the server.
    private static func matchPendingOffline(
        _ invoice: Invoice, record: OfflineRecord, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> [ExceptionCase] {
        let rows = try db.rows(
            """
            SELECT id FROM exception_cases
            WHERE bill_number = ? AND category = 'pending_offline' AND resolution IS NULL
                AND payment_id IS NULL AND amount = ?
            ORDER BY opened_ms, id
            """, [invoice.billNumber.rawValue, invoice.amount.value])
        var matched: [ExceptionCase] = []
        for row in rows {
            let resolution = ExceptionCase.Resolution(
                code: .matchedManually,
                note: "matched at sync of offline record \(record.idempotencyKey) of device \(record.deviceID)",
                invoiceID: invoice.id, actor: .serverOperator, at: at)
            matched.append(try resolveException(ExceptionCase.ID(try row.text("id")), resolution, db, &state))
        }
        return matched
    }
}
