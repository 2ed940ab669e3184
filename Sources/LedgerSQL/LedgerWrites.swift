import Foundation
import Ledger

/// The ledger's write transactions. Each function runs inside one write (or savepoint), checks the
/// rules against the current rows, writes the projection rows and appends exactly the events of
/// the change.
package enum LedgerWrites {
    /// Stores the idempotency key a create call used for `entityID` and returns the reference that
    /// the call's event carries.
    package static func keep(
        _ key: String, _ operation: IdempotencyRecord.Operation, entityID: String, requestHash: String,
        _ db: some SQLSession
    ) throws -> LedgerFact.Idempotency {
        try LedgerRowCodec.insert(
            IdempotencyRecord(key: key, operation: operation, entityID: entityID, requestHash: requestHash), db)
        return LedgerFact.Idempotency(key: key, requestHash: requestHash)
    }

    package static func enrolDevice(
        _ draft: DeviceDraft, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> Device {
        let requestHash = IdempotencyFingerprint.kept(draft)
        if let existing = try LedgerQueries.replayed(draft.idempotencyKey, .enrolDevice, requestHash: requestHash, db) {
            guard let device = try LedgerQueries.device(id: Device.ID(existing), db) else {
                throw LedgerQueries.internalError("idempotency key points at missing device \(existing)")
            }
            return device
        }
        try LedgerQueries.requireAdmin(draft.actor, "enrol devices", db)
        let device = Device(
            id: draft.id, name: draft.name, role: draft.role, zones: draft.zones, credentialHash: draft.credentialHash,
            enrolledAt: draft.enrolledAt.ledgerRounded, attendant: draft.attendant,
            code: draft.role.canIssue ? try freshDeviceCode(db) : nil)
        try LedgerRowCodec.insert(device, db)
        let idempotency = try keep(
            draft.idempotencyKey, .enrolDevice, entityID: device.id.rawValue, requestHash: requestHash, db)
        try LedgerRowCodec.append(
            .deviceEnrolled(device, idempotency, actor: draft.actor), at: device.enrolledAt, db, state: &state)
        return device
    }

    package static func revokeDevice(
        _ id: Device.ID, reason: String, actor: LedgerActor, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> Device {
        var device = try LedgerQueries.enrolledDevice(id, db)
        if device.isRevoked { return device }
        try LedgerQueries.requireAdmin(actor, "revoke devices", db)
        device.revokedAt = at.ledgerRounded
        device.revocationReason = reason
        try db.perform(
            "UPDATE devices SET revoked_ms = ?, revocation_reason = ? WHERE id = ?",
            [at.ledgerMilliseconds, reason, id.rawValue])
        try LedgerRowCodec.append(.deviceRevoked(id, reason: reason, actor: actor), at: at, db, state: &state)
        return device
    }

    /// `ticket.alreadyClosed` for a ticket that has its invoice or was closed free or voided.
    package static func notOpen(_ ticket: ParkingTicket) -> LedgerError {
        let how =
            ticket.invoiceID.map { "already has invoice \($0)" }
            ?? (ticket.closure == .void ? "was voided" : "was closed")
        return LedgerError(.ticketAlreadyClosed, "ticket \(ticket.id) \(how)", field: "ticketID")
    }

    /// Closes an open ticket at no charge (`ticket.closedFree`); a repeated key returns the ticket.
    package static func closeTicketFree(
        _ id: ParkingTicket.ID, exitAt: Date, idempotencyKey: String, requestHash: String, actor: LedgerActor,
        _ db: some SQLSession, _ state: inout WriteState
    ) throws -> ParkingTicket {
        if try LedgerQueries.replayed(idempotencyKey, .closeTicket, requestHash: requestHash, db) != nil,
            let ticket = try LedgerQueries.ticket(id: id, db)
        {
            return ticket
        }
        guard var ticket = try LedgerQueries.ticket(id: id, db) else {
            throw LedgerError(.unknownTicket, "ticket \(id) does not exist", field: "ticketID")
        }
        guard ticket.isOpen else { throw notOpen(ticket) }
        guard exitAt.ledgerMilliseconds >= ticket.entryAt.ledgerMilliseconds else {
            throw LedgerError(
                .exitBeforeEntry, "exitAt \(exitAt) is before the ticket's entry \(ticket.entryAt)", field: "exitAt")
        }
        if let device = actor.device { _ = try LedgerQueries.issuingDevice(device, db) }
        ticket.exitAt = exitAt.ledgerRounded
        ticket.closure = .free
        try db.perform(
            "UPDATE tickets SET exit_ms = ?, closure = 'free' WHERE id = ?", [exitAt.ledgerMilliseconds, id.rawValue])
        let idempotency = try keep(idempotencyKey, .closeTicket, entityID: id.rawValue, requestHash: requestHash, db)
        try LedgerRowCodec.append(
            .ticketClosedFree(id, exitAt: ticket.exitAt!, idempotency, actor: actor), at: exitAt, db, state: &state)
        return ticket
    }

    /// Voids an open ticket for `actor`: the device that opened it, a supervisor covering its zone
    /// (``Device/cancelRefusal(issuer:invoiceZones:)``) or the server operator. A voided ticket is
    /// returned unchanged.
    package static func voidTicket(
        _ id: ParkingTicket.ID, reason: String, actor: LedgerActor, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> ParkingTicket {
        guard var ticket = try LedgerQueries.ticket(id: id, db) else {
            throw LedgerError(.unknownTicket, "ticket \(id) does not exist", field: "ticketID")
        }
        if ticket.closure == .void { return ticket }
        if let deviceID = actor.device {
            guard let device = try LedgerQueries.device(id: deviceID, db), !device.isRevoked else {
                throw LedgerError(.deviceRevoked, "device \(deviceID) is unknown or revoked", field: "deviceID")
            }
            if let refusal = device.cancelRefusal(issuer: ticket.deviceID, invoiceZones: [ticket.zone]) {
                throw LedgerError(
                    .voidNotAllowed, "device \(device.id) may not void ticket \(id): \(refusal)", field: "ticketID")
            }
        }
        guard ticket.isOpen else { throw notOpen(ticket) }
        ticket.exitAt = at.ledgerRounded
        ticket.closure = .void
        ticket.closureReason = reason
        try db.perform(
            "UPDATE tickets SET exit_ms = ?, closure = 'void', closure_reason = ? WHERE id = ?",
            [at.ledgerMilliseconds, reason, id.rawValue])
        try state.totals.voided(ticket)
        try LedgerRowCodec.append(.ticketVoided(id, reason: reason, actor: actor), at: at, db, state: &state)
        return ticket
    }

    /// Counts one more print of a ticket (`ticket.reprinted`, naming `actor`).
    package static func reprintTicket(
        _ id: ParkingTicket.ID, idempotencyKey: String?, requestHash: String, actor: LedgerActor, at: Date,
        _ db: some SQLSession, _ state: inout WriteState
    ) throws -> ParkingTicket {
        guard var ticket = try LedgerQueries.ticket(id: id, db) else {
            throw LedgerError(.unknownTicket, "ticket \(id) does not exist", field: "ticketID")
        }
        var idempotency: LedgerFact.Idempotency?
        if let idempotencyKey {
            if try LedgerQueries.replayed(idempotencyKey, .reprintTicket, requestHash: requestHash, db) != nil {
                return ticket  // a repeat: already counted
            }
            idempotency = try keep(idempotencyKey, .reprintTicket, entityID: id.rawValue, requestHash: requestHash, db)
        }
        if let deviceID = actor.device {
            guard let device = try LedgerQueries.device(id: deviceID, db), !device.isRevoked else {
                throw LedgerError(.deviceRevoked, "device \(deviceID) is unknown or revoked", field: "deviceID")
            }
        }
        ticket.reprints += 1
        try db.perform("UPDATE tickets SET reprints = reprints + 1 WHERE id = ?", [id.rawValue])
        try LedgerRowCodec.append(
            .ticketReprinted(id, actor: actor, idempotency: idempotency), at: at, db, state: &state)
        return ticket
    }

    /// Records the person now working with a device; a change to the same name writes nothing.
    package static func setAttendant(
        _ id: Device.ID, attendant: String?, actor: LedgerActor, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> Device {
        var device = try LedgerQueries.activeDevice(id, db, revoked: "was revoked; its attendant cannot change")
        // An admin changes any device's attendant; a device records its own (a shift starting).
        if actor.device != id { try LedgerQueries.requireAdmin(actor, "change a device's attendant", db) }
        if device.attendant == attendant { return device }
        device.attendant = attendant
        try db.perform("UPDATE devices SET attendant = ? WHERE id = ?", [attendant, id.rawValue])
        try LedgerRowCodec.append(
            .deviceAttendantChanged(id, attendant: attendant, actor: actor), at: at, db, state: &state)
        return device
    }

    /// Cancels an invoice for `actor`, who must be an active device allowed to cancel it
    /// (``Device/cancelRefusal(issuer:invoiceZones:)``) or the server operator.
    package static func cancelInvoice(
        _ id: Invoice.ID, reason: String, actor: LedgerActor, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> Invoice {
        if let acting = try LedgerQueries.actingDevice(actor, db),
            let invoice = try LedgerQueries.invoice(where: "id", equals: id.rawValue, db)
        {
            let ticketZone = try invoice.ticketID.flatMap { try LedgerQueries.ticket(id: $0, db)?.zone }
            let issuer = try LedgerQueries.device(id: invoice.deviceID, db)
            let zones = Device.invoiceZones(ticketZone: ticketZone, issuer: issuer)
            if let refusal = acting.cancelRefusal(issuer: invoice.deviceID, invoiceZones: zones) {
                throw LedgerError(
                    .cancelNotAllowed, "device \(acting.id) may not cancel invoice \(id): \(refusal)",
                    field: "actor.device")
            }
        }
        return try move(
            id, to: .cancelled, fact: .invoiceCancelled(id, reason: reason, actor: actor), at: at, db, &state)
    }

    /// Issues an invoice (with its flat-tariff ticket for a parking purpose): claims the idempotency
    /// key, takes the device's next sequence number, writes the rows and appends `invoice.issued`.
    /// `requestHash` is ``IdempotencyFingerprint/kept(_:)-(InvoiceDraft)``, taken by the caller
    /// before the write.
    ///
    /// The event's bytes come from the one `invoice.issued` encoder (`LedgerFact+FastEncoding.swift`)
    /// and the claim, sequence and invoice row bind through ``RawStatement``; each file says why.
    /// The byte-template event prepared off the writer (`PreparedInvoiceIssue`) was removed on
    /// 2026-12-06: measured side by side in one run it saved 8-9 µs of 108 µs CPU per invoice (8 %),
    /// under the 10 % a second code path has to earn.
    ///
    /// An invoice claimed ahead with others of its batch as `intended` (``WriteState/claimedAhead``)
    /// takes that id and its number from there; any other claims its key and takes its number
    /// itself, with an id new to this attempt — so an attempt run again after a commit whose answer
    /// was lost finds the key held by the committed invoice and replays it.
    package static func issueInvoice(
        _ draft: InvoiceDraft, intended: Invoice.ID? = nil, requestHash: String, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> IssuedInvoice {
        let claimed = intended.flatMap { id in state.claimedAhead.removeValue(forKey: id).map { (id: id, number: $0) } }
        let invoiceID = claimed?.id ?? .generate()
        let record = IdempotencyRecord(
            key: draft.idempotencyKey, operation: .issueInvoice, entityID: invoiceID.rawValue, requestHash: requestHash)
        let taken: Int64?
        if let claimed {
            taken = claimed.number
        } else {
            try LedgerQueries.startClaim(record, db)
            taken = try LedgerQueries.takeIssuingSequence(draft.terms.deviceID, ifClaimed: record, db)
        }
        guard let sequence = taken else {
            if try LedgerQueries.holds(record, db) {
                _ = try LedgerQueries.issuingDevice(draft.terms.deviceID, db)
                throw LedgerQueries.internalError("device \(draft.terms.deviceID) could not take a sequence number")
            }
            let existing = try LedgerQueries.replayed(
                draft.idempotencyKey, .issueInvoice, requestHash: requestHash, db)
            guard let existing, let invoice = try LedgerQueries.invoice(where: "id", equals: existing, db) else {
                throw LedgerQueries.internalError("idempotency key \(draft.idempotencyKey) points at no invoice")
            }
            _ = try LedgerQueries.issuingDevice(draft.terms.deviceID, db)  // a revoked device gets no replay
            return IssuedInvoice(
                invoice: invoice, ticket: try invoice.ticketID.flatMap { try LedgerQueries.ticket(id: $0, db) })
        }
        var ticket: ParkingTicket?
        var feeCode: String?
        switch draft.purpose {
        case .fee(let code):
            feeCode = code
        case .parking(let details):
            ticket = try makeTicket(
                details, deviceID: draft.terms.deviceID, sequence: sequence, invoiceID: invoiceID,
                idempotencyKey: draft.idempotencyKey)
        }
        let invoice = makeInvoice(
            invoiceID, draft.terms, kind: draft.kind, sequence: sequence, feeCode: feeCode, ticketID: ticket?.id,
            idempotencyKey: draft.idempotencyKey)
        try LedgerRowCodec.insert(invoice, db)
        if let ticket { try LedgerRowCodec.insert(ticket, db) }
        try state.totals.issued(invoice, ticket: ticket, db)
        try LedgerRowCodec.append(
            .invoiceIssued(
                invoice, ticket: ticket, .init(key: draft.idempotencyKey, requestHash: requestHash),
                actor: draft.actor),
            at: invoice.issuedAt, db, state: &state)
        return IssuedInvoice(invoice: invoice, ticket: ticket)
    }

    /// The one place an issued invoice is built from its terms.
    package static func makeInvoice(
        _ id: Invoice.ID, _ terms: InvoiceTerms, kind: Invoice.Kind, sequence: Int64, feeCode: String?,
        ticketID: ParkingTicket.ID?, idempotencyKey: String
    ) -> Invoice {
        Invoice(
            id: id, billNumber: terms.billNumber, kind: kind, amount: terms.amount, qrisPayload: terms.qrisPayload,
            receiptCode: terms.receiptCode, status: .issued, issuedAt: terms.issuedAt.ledgerRounded,
            expiresAt: terms.expiresAt.ledgerRounded, deviceID: terms.deviceID, sequence: sequence, feeCode: feeCode,
            ticketID: ticketID, paidAt: nil, statusChangedAt: terms.issuedAt.ledgerRounded,
            idempotencyKey: idempotencyKey)
    }

    /// The one place a new parking ticket is built (plate normalised, entry cut to the millisecond).
    ///
    /// - Throws: `input.invalidField` (field `plate`) when the plate does not normalise.
    package static func makeTicket(
        _ details: ParkingDetails, deviceID: Device.ID, sequence: Int64, invoiceID: Invoice.ID?,
        idempotencyKey: String
    ) throws -> ParkingTicket {
        ParkingTicket(
            id: .generate(), plate: try LicensePlate.normalise(details.plate), vehicleClass: details.vehicleClass,
            zone: details.zone, entryAt: details.entryAt.ledgerRounded, exitAt: nil, deviceID: deviceID,
            sequence: sequence, invoiceID: invoiceID, idempotencyKey: idempotencyKey)
    }

    package static func openTicket(
        _ draft: TicketDraft, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> ParkingTicket {
        let requestHash = IdempotencyFingerprint.kept(draft)
        if let existing = try LedgerQueries.replayed(draft.idempotencyKey, .openTicket, requestHash: requestHash, db) {
            guard let ticket = try LedgerQueries.ticket(id: ParkingTicket.ID(existing), db) else {
                throw LedgerQueries.internalError("idempotency key points at missing ticket \(existing)")
            }
            _ = try LedgerQueries.issuingDevice(draft.deviceID, db)  // a revoked device gets no replay
            return ticket
        }
        let device = try LedgerQueries.issuingDevice(draft.deviceID, db)
        let sequence = try LedgerQueries.takeSequence(device, db)
        let ticket = try makeTicket(
            draft.details, deviceID: device.id, sequence: sequence, invoiceID: nil, idempotencyKey: draft.idempotencyKey
        )
        try LedgerRowCodec.insert(ticket, db)
        try state.totals.opened(ticket)
        let idempotency = try keep(
            draft.idempotencyKey, .openTicket, entityID: ticket.id.rawValue, requestHash: requestHash, db)
        try LedgerRowCodec.append(
            .ticketOpened(ticket, idempotency, actor: draft.actor), at: ticket.entryAt, db, state: &state)
        return ticket
    }

    package static func closeTicket(
        _ closure: TicketClosure, _ db: some SQLSession, _ state: inout WriteState
    ) throws -> ClosedTicket {
        let requestHash = IdempotencyFingerprint.kept(closure)
        if try LedgerQueries.replayed(closure.idempotencyKey, .closeTicket, requestHash: requestHash, db) != nil {
            guard let ticket = try LedgerQueries.ticket(id: closure.ticketID, db), let invoiceID = ticket.invoiceID,
                let invoice = try LedgerQueries.invoice(where: "id", equals: invoiceID.rawValue, db)
            else {
                throw LedgerQueries.internalError("idempotency key points at missing ticket \(closure.ticketID)")
            }
            _ = try LedgerQueries.issuingDevice(closure.terms.deviceID, db)  // a revoked device gets no replay
            return ClosedTicket(ticket: ticket, invoice: invoice)
        }
        guard var ticket = try LedgerQueries.ticket(id: closure.ticketID, db) else {
            throw LedgerError(.unknownTicket, "ticket \(closure.ticketID) does not exist", field: "ticketID")
        }
        guard ticket.isOpen else { throw Self.notOpen(ticket) }
        guard closure.exitAt.ledgerMilliseconds >= ticket.entryAt.ledgerMilliseconds else {
            throw LedgerError(
                .exitBeforeEntry, "exitAt \(closure.exitAt) is before the ticket's entry \(ticket.entryAt)",
                field: "exitAt")
        }
        let device = try LedgerQueries.issuingDevice(closure.terms.deviceID, db)
        let sequence = try LedgerQueries.takeSequence(device, db)
        let invoice = makeInvoice(
            .generate(), closure.terms, kind: .parking, sequence: sequence, feeCode: nil, ticketID: ticket.id,
            idempotencyKey: closure.idempotencyKey)
        try LedgerRowCodec.insert(invoice, db)
        try state.totals.issued(invoice, ticket: ticket, db)
        ticket.exitAt = closure.exitAt.ledgerRounded
        ticket.invoiceID = invoice.id
        try db.perform(
            "UPDATE tickets SET exit_ms = ?, invoice_id = ? WHERE id = ?",
            [closure.exitAt.ledgerMilliseconds, invoice.id.rawValue, ticket.id.rawValue])
        let idempotency = try keep(
            closure.idempotencyKey, .closeTicket, entityID: ticket.id.rawValue, requestHash: requestHash, db)
        try LedgerRowCodec.append(
            .ticketClosed(ticket.id, exitAt: closure.exitAt, invoice: invoice, idempotency, actor: closure.actor),
            at: invoice.issuedAt, db, state: &state)
        return ClosedTicket(ticket: ticket, invoice: invoice)
    }
}
