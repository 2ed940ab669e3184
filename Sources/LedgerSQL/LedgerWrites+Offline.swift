import Foundation
import Ledger

/// Offline issuance: device keys and codes, and recording a handheld's offline records at sync.
package extension LedgerWrites {
    /// A device code no device has (32^4 codes; a handful of draws at most in practice).
    static func freshDeviceCode(_ db: some SQLSession) throws -> DeviceCode {
        for _ in 0..<256 {
            let code = DeviceCode.random()
            let taken = try db.row("SELECT 1 FROM devices WHERE code = ?", [code.rawValue])
            if taken == nil { return code }
        }
        throw LedgerQueries.internalError("no free device code after 256 draws")
    }

    static func registerDeviceKey(
        _ id: Device.ID, publicKey: DevicePublicKey, actor: LedgerActor, at: Date, _ db: some SQLSession,
        _ state: inout WriteState
    ) throws -> Device {
        var device = try LedgerQueries.activeDevice(id, db)
        guard actor.device == nil || actor.device == id else {
            throw LedgerError(
                .actorNotAllowed, "only device \(id) registers its own key, not \(actor)", field: "actor.device")
        }
        if let registered = device.publicKey {
            guard registered == publicKey else {
                throw LedgerError(
                    .deviceKeyConflict,
                    "device \(id) already registered another public key; enrol the handheld again to change it",
                    field: "publicKey")
            }
            return device
        }
        let code = try device.code ?? freshDeviceCode(db)
        device.publicKey = publicKey
        device.code = code
        try db.execute(
            "UPDATE devices SET public_key = ?, code = ? WHERE id = ?", [publicKey.base64, code.rawValue, id.rawValue])
        try LedgerRowCodec.append(
            .deviceKeyRegistered(id, publicKey: publicKey, code: code, actor: actor), at: at, db, state: &state)
        return device
    }

    /// The answer for a record whose key was used before: offline (its recording) or online (the
    /// request that timed out on the handheld but was committed here).
    static func earlierOutcome(_ record: OfflineRecord, _ db: some SQLSession) throws -> OfflineOutcome? {
        let key = record.storedIdempotencyKey
        if let row = try db.row("SELECT recording FROM offline_records WHERE idempotency_key = ?", [key]) {
            let recording = try OfflineRecording(canonical: try CanonicalJSON.parse(try row.text("recording")))
            // The same record again (a resent batch, an admin's export): anything else under the key —
            // even the same operation with another plate or sequence — would hide a printed ticket.
            guard recording.record.digest == record.digest else {
                throw LedgerError(
                    .offlineKeyConflict,
                    "idempotency key \(record.idempotencyKey) was used for another record (\(recording.record.operation.rawValue))",
                    field: "idempotencyKey")
            }
            return OfflineOutcome(
                status: .duplicate, ticketID: recording.ticketID, invoiceID: recording.invoiceID,
                sequence: recording.record.sequence, exceptions: [])
        }
        guard
            let row = try db.row("SELECT operation, entity_id FROM idempotency_keys WHERE key = ?", [key])
        else { return nil }
        let operation = try row.text("operation")
        let entity = try row.text("entity_id")
        func conflict() -> LedgerError {
            LedgerError(
                .offlineKeyConflict,
                "idempotency key \(record.idempotencyKey) was used online for \(operation), not for \(record.operation.rawValue)",
                field: "idempotencyKey")
        }
        switch (record.operation, operation) {
        case (.issue, IdempotencyRecord.Operation.issueInvoice.rawValue):
            guard let invoice = try LedgerQueries.invoice(where: "id", equals: entity, db) else { throw conflict() }
            return OfflineOutcome(
                status: .duplicate, ticketID: invoice.ticketID, invoiceID: invoice.id, sequence: invoice.sequence,
                exceptions: [])
        case (.open, IdempotencyRecord.Operation.openTicket.rawValue):
            guard let ticket = try LedgerQueries.ticket(id: ParkingTicket.ID(entity), db) else { throw conflict() }
            return OfflineOutcome(
                status: .duplicate, ticketID: ticket.id, invoiceID: nil, sequence: ticket.sequence, exceptions: [])
        case (.exit, IdempotencyRecord.Operation.closeTicket.rawValue),
            (.exitFree, IdempotencyRecord.Operation.closeTicket.rawValue):
            guard let ticket = try LedgerQueries.ticket(id: ParkingTicket.ID(entity), db) else { throw conflict() }
            let invoice = try ticket.invoiceID.flatMap {
                try LedgerQueries.invoice(where: "id", equals: $0.rawValue, db)
            }
            return OfflineOutcome(
                status: .duplicate, ticketID: ticket.id, invoiceID: invoice?.id, sequence: invoice?.sequence,
                exceptions: [])
        default:
            throw conflict()
        }
    }

    /// The ticket an exit, free exit or void names: an online ticket by id, or one this device
    /// opened (online or offline) by its sequence. It must be open.
    static func referencedTicket(_ record: OfflineRecord, _ db: some SQLSession) throws -> ParkingTicket {
        var found: ParkingTicket?
        switch record.ticket {
        case .id(let id)?:
            found = try LedgerQueries.ticket(id: ParkingTicket.ID(id), db)
        case .sequence(let number)?:
            if let row = try db.row(
                "SELECT id FROM tickets WHERE device_id = ? AND sequence = ?", [record.deviceID.rawValue, number])
            {
                found = try LedgerQueries.ticket(id: ParkingTicket.ID(try row.text("id")), db)
            }
        case nil:
            break
        }
        guard let ticket = found else {
            throw LedgerError(.offlineUnknownTicket, "the ticket the record names does not exist", field: "ticket")
        }
        guard ticket.isOpen else {
            throw LedgerError(.offlineUnknownTicket, notOpen(ticket).message, field: "ticket")
        }
        if let exitAt = record.exitAt, exitAt < ticket.entryAt {
            throw LedgerError(
                .exitBeforeEntry, "exitAt \(OfflineTime.format(exitAt)) is before the ticket's entry", field: "exitAt")
        }
        return ticket
    }
}
