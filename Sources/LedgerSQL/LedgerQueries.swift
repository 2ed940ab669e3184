import Foundation
import Ledger

/// Single-record lookups used by both reads and writes.
package enum LedgerQueries {
    /// True for a receipt code that is not in the signed `LR1-` form. Signed codes name their
    /// invoice's bill number (``InvoiceTerms`` refuses one that names another), so the `UNIQUE` bill
    /// number keeps them unique and finds them; only opaque codes need the index. Queries that look
    /// an opaque code up repeat this term so that the engine uses the partial index.
    package static let opaqueReceipt = "substr(receipt_code, 1, 4) <> 'LR1-'"

    /// The one row of `table` whose `column` equals `value`, as `decode` reads it (`columns` are the
    /// codec's column list for that table); nil when there is none. Every lookup of one record by a
    /// key goes through here, with a cached statement per table and column.
    package static func one<Record, Session: SQLSession>(
        _ columns: String, from table: String, where column: String = "id", equals value: String, _ db: Session,
        _ decode: (Session.Statement) throws -> Record
    ) throws -> Record? {
        let select = try db.prepared("SELECT \(columns) FROM \(table) WHERE \(column) = ?")
        defer { select.reset() }
        select.bind(1, value)
        return try select.step() ? decode(select) : nil
    }

    package static func device(id: Device.ID, _ db: some SQLSession) throws -> Device? {
        try one(LedgerRowCodec.deviceColumns(db.dialect), from: "devices", equals: id.rawValue, db) {
            try LedgerRowCodec.device($0)
        }
    }

    /// The invoice whose `column` (`id`, `bill_number`) is `value`, read by position from a prepared
    /// statement (``PositionalRow``), as applying a settlement file reads one per row.
    package static func invoice(where column: String, equals value: String, _ db: some SQLSession) throws -> Invoice? {
        let sql =
            switch column {
            case "id": invoiceByIDSQL
            case "bill_number": invoiceByBillNumberSQL
            default: "SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices WHERE \(column) = ?"
            }
        let select = try db.prepared(sql)
        defer { select.reset() }
        select.bind(1, value)
        return try select.step() ? LedgerRowCodec.invoice(select) : nil
    }

    private static let invoiceByIDSQL = "SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices WHERE id = ?"
    private static let invoiceByBillNumberSQL =
        "SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices WHERE bill_number = ?"

    package static func ticket(id: ParkingTicket.ID, _ db: some SQLSession) throws -> ParkingTicket? {
        try one(LedgerRowCodec.ticketColumns, from: "tickets", equals: id.rawValue, db) {
            try LedgerRowCodec.ticket($0)
        }
    }

    /// The payment of this (bill number, RRN), the pair that is unique (RRNs repeat across bills).
    package static func payment(billNumber: BillNumber, rrn: String, _ db: some SQLSession) throws -> Payment? {
        let select = try db.prepared(paymentByBillAndRRNSQL)
        defer { select.reset() }
        select.bind(1, billNumber.rawValue)
        select.bind(2, rrn)
        return try select.step() ? LedgerRowCodec.payment(select) : nil
    }

    private static let paymentByBillAndRRNSQL =
        "SELECT \(LedgerRowCodec.paymentColumns) FROM payments WHERE bill_number = ? AND rrn = ?"

    /// The entity id an idempotency key created, if the key was used for this very request.
    ///
    /// - Throws: `idempotency.keyReused` when the key was used for another operation or request.
    package static func replayed(
        _ key: String, _ operation: IdempotencyRecord.Operation, requestHash: String, _ db: some SQLSession
    ) throws -> String? {
        guard
            let record = try one(
                "key, operation, entity_id, request_hash", from: "idempotency_keys", where: "key", equals: key, db,
                { try LedgerRowCodec.idempotency($0) })
        else { return nil }
        guard record.operation == operation, record.requestHash == requestHash else {
            throw LedgerError(
                .idempotencyKeyReused,
                "idempotency key \"\(key)\" was already used for a different \(record.operation.rawValue) request",
                field: "idempotencyKey")
        }
        return record.entityID
    }

    /// The device an actor names, which must be enrolled and active; nil for the server operator.
    package static func actingDevice(_ actor: LedgerActor, _ db: some SQLSession) throws -> Device? {
        guard let id = actor.device else { return nil }
        guard let device = try device(id: id, db) else {
            throw LedgerError(.unknownDevice, "acting device \(id) is not enrolled", field: "actor.device")
        }
        guard !device.isRevoked else {
            throw LedgerError(.deviceRevoked, "acting device \(id) was revoked", field: "actor.device")
        }
        return device
    }

    /// Only an admin device (or the server operator) enrols and revokes devices.
    package static func requireAdmin(_ actor: LedgerActor, _ what: String, _ db: some SQLSession) throws {
        guard let device = try actingDevice(actor, db), device.role != .admin else { return }
        throw LedgerError(
            .actorNotAllowed, "device \(device.id) has role \(device.role.rawValue); only admin devices \(what)",
            field: "actor.device")
    }

    /// The enrolled device `id`, revoked or not.
    /// - Throws: `device.unknown` (field `deviceID`) when no device has the id.
    package static func enrolledDevice(_ id: Device.ID, _ db: some SQLSession) throws -> Device {
        guard let device = try device(id: id, db) else {
            throw LedgerError(.unknownDevice, "device \(id) is not enrolled", field: "deviceID")
        }
        return device
    }

    /// The enrolled device `id`, which must not be revoked.
    /// - Parameter revoked: the end of a revoked device's message, after "device <id> ": what the
    ///   refused change could not do.
    /// - Throws: `device.unknown`, or `device.revoked` (both field `deviceID`).
    package static func activeDevice(
        _ id: Device.ID, _ db: some SQLSession, revoked: String = "was revoked"
    ) throws -> Device {
        let device = try enrolledDevice(id, db)
        guard !device.isRevoked else {
            throw LedgerError(.deviceRevoked, "device \(id) \(revoked)", field: "deviceID")
        }
        return device
    }

    /// The device that will issue: it must exist, be active and have an issuing role.
    package static func issuingDevice(_ id: Device.ID, _ db: some SQLSession) throws -> Device {
        let device = try activeDevice(id, db, revoked: "was revoked and cannot issue")
        guard device.role.canIssue else {
            throw LedgerError(
                .deviceCannotIssue,
                "device \(id) has role \(device.role.rawValue); only attendant, kiosk and admin devices issue",
                field: "deviceID")
        }
        return device
    }

    package static let claimSQL = """
        INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO NOTHING
        """

    /// Claims an idempotency key for a new entity in one statement; returns false (and writes
    /// nothing) when the key is taken — then ``replayed(_:_:requestHash:_:)`` says by what.
    package static func claim(_ record: IdempotencyRecord, _ db: some SQLSession) throws -> Bool {
        let claim = try startClaim(record, db)
        return claim.changes == 1
    }

    /// Steps the claim of ``claim(_:_:)`` without reading whether it took the key: an engine that
    /// sends writes later (PostgreSQL) then sends it with the next statement that waits.
    /// ``holds(_:_:)`` says afterwards whether the key is `record`'s.
    @discardableResult
    package static func startClaim(_ record: IdempotencyRecord, _ db: some SQLSession) throws -> some SQLStatement {
        let claim = try db.prepared(claimSQL)
        claim.bind(1, record.key)
        claim.bind(2, record.operation.rawValue)
        claim.bind(3, record.entityID)
        claim.bind(4, record.requestHash)
        try claim.step()
        return claim
    }

    /// Whether `record`'s key is claimed for `record`'s entity (false: an earlier request holds it).
    package static func holds(_ record: IdempotencyRecord, _ db: some SQLSession) throws -> Bool {
        try !db.rows(
            "SELECT 1 FROM idempotency_keys WHERE key = ? AND entity_id = ?", [record.key, record.entityID]
        ).isEmpty
    }

    /// The `devices` rows that may take a number for a new invoice: active, of a role that issues.
    package static let mayIssueSQL = "revoked_ms IS NULL AND role IN ('attendant', 'kiosk', 'admin')"

    package static let takeIssuingSequenceSQL = """
        UPDATE devices SET last_sequence = last_sequence + 1
        WHERE id = ? AND \(mayIssueSQL)
            AND EXISTS (SELECT 1 FROM idempotency_keys WHERE key = ? AND entity_id = ?)
        RETURNING last_sequence
        """

    /// Takes the next sequence number of an active issuing device in one statement, provided
    /// `claim`'s key is claimed for `claim`'s entity (``startClaim(_:_:)`` just before): nil, and no
    /// number taken, when the device is unknown, revoked or may not issue, or the key is an earlier
    /// request's (the caller tells them apart: ``holds(_:_:)``, ``issuingDevice(_:_:)``). One
    /// statement that waits, after a claim that need not: on PostgreSQL both go in one exchange.
    package static func takeIssuingSequence(
        _ id: Device.ID, ifClaimed claim: IdempotencyRecord, _ db: some SQLSession
    ) throws -> Int64? {
        let update = try db.prepared(takeIssuingSequenceSQL)
        update.bind(1, id.rawValue)
        update.bind(2, claim.key)
        update.bind(3, claim.entityID)
        guard try update.step() else { return nil }
        let next = try update.int64(0)
        update.reset()
        return next
    }

    /// Takes the device's next sequence number.
    package static func takeSequence(_ device: Device, _ db: some SQLSession) throws -> Int64 {
        let next = device.lastSequence + 1
        try db.execute("UPDATE devices SET last_sequence = ? WHERE id = ?", [next, device.id.rawValue])
        return next
    }
}
