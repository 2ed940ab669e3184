import Foundation
import Ledger

/// Reads and writes the ledger's records as rows. Every SELECT of a table uses its `columns` list.
package enum LedgerRowCodec {
    /// A device's columns and its zones (`device_zones`, joined by spaces; zone codes have none), in
    /// the engine's words for joining.
    package static func deviceColumns(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqliteDeviceColumns
        case .postgres: postgresDeviceColumns
        }
    }
    private static let deviceColumnsWithoutZones = """
        id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence, attendant, \
        code, public_key
        """
    private static let sqliteDeviceColumns = """
        \(deviceColumnsWithoutZones), \
        (SELECT group_concat(zone, ' ') FROM device_zones WHERE device_zones.device_id = devices.id) AS zones
        """
    private static let postgresDeviceColumns = """
        \(deviceColumnsWithoutZones), \
        (SELECT string_agg(zone, ' ' ORDER BY zone COLLATE "C") FROM device_zones \
        WHERE device_zones.device_id = devices.id) AS zones
        """
    package static let invoiceColumns = """
        id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id, \
        sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key
        """
    package static let ticketColumns =
        "id, plate, vehicle_class, zone, entry_ms, exit_ms, device_id, sequence, invoice_id, idempotency_key, closure, "
        + "closure_reason, reprints"
    package static let paymentColumns = """
        id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, source_reason, effect, \
        verified_profile, verified_key
        """
    /// ``invoiceColumns`` and ``paymentColumns`` one by one, for the check that the positional
    /// decoders read the columns they expect.
    package static let invoiceColumnNames = names(invoiceColumns)
    package static let paymentColumnNames = names(paymentColumns)
    package static let ticketColumnNames = names(ticketColumns)
    package static let exceptionColumnNames = names(exceptionColumns)
    package static let eventColumnNames = names(eventColumns)
    package static let deviceColumnNames = [
        "id", "name", "role", "credential_hash", "enrolled_ms", "revoked_ms", "revocation_reason", "last_sequence",
        "attendant", "code", "public_key", "zones",
    ]
    private static func names(_ columns: String) -> [String] {
        columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    package static let exceptionColumns = """
        id, bill_number, rrn, issuer, amount, amount_text, paid_ms, recorded_ms, source, source_reason, reason, \
        detail, body_sha256, verified_profile, verified_key
        """
    package static let eventColumns = "seq, kind, entity_id, at_ms, payload, prev_hash, hash"

    private static func bad(_ table: String, _ column: String, _ value: Any?) -> LedgerError {
        LedgerError(.storageFailure, "\(table).\(column) holds a value no ledger event produces: \(value ?? "NULL")")
    }

    private static func enumValue<T: RawRepresentable>(_ text: String, _ table: String, _ column: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw bad(table, column, text) }
        return value
    }

    /// A device from a row that starts with ``deviceColumns`` (``PositionalRow`` says why by position).
    package static func device(_ row: some PositionalRow) throws -> Device {
        row.assertColumns(deviceColumnNames)
        return Device(
            id: Device.ID(try row.text(0)), name: try row.text(1),
            role: try enumValue(try row.text(2), "devices", "role"),
            zones: (try row.optionalText(11) ?? "").split(separator: " ").map(String.init),
            credentialHash: try row.text(3), enrolledAt: Date(ledgerMilliseconds: try row.int64(4)),
            revokedAt: try row.optionalInt64(5).map(Date.init(ledgerMilliseconds:)),
            revocationReason: try row.optionalText(6), lastSequence: try row.int64(7),
            attendant: try row.optionalText(8),
            code: try row.optionalText(9).map { text in
                guard let code = try? DeviceCode(text) else { throw bad("devices", "code", text) }
                return code
            },
            publicKey: try row.optionalText(10).map { text in
                guard let key = try? DevicePublicKey(base64: text) else { throw bad("devices", "public_key", text) }
                return key
            })
    }

    /// An invoice from a row that starts with ``invoiceColumns`` (``PositionalRow`` says why by position).
    package static func invoice(_ row: some PositionalRow) throws -> Invoice {
        row.assertColumns(invoiceColumnNames)
        let bill = try row.text(1)
        guard let billNumber = try? BillNumber(bill) else { throw bad("invoices", "bill_number", bill) }
        let kind = try row.text(2)
        guard let invoiceKind = Invoice.Kind(rawValue: kind) else { throw bad("invoices", "kind", kind) }
        let status = try row.text(6)
        guard let invoiceStatus = InvoiceStatus(rawValue: status) else { throw bad("invoices", "status", status) }
        return Invoice(
            id: Invoice.ID(try row.text(0)), billNumber: billNumber, kind: invoiceKind,
            amount: Rupiah(try row.int64(3)), qrisPayload: try row.text(4), receiptCode: try row.text(5),
            status: invoiceStatus, issuedAt: Date(ledgerMilliseconds: try row.int64(7)),
            expiresAt: Date(ledgerMilliseconds: try row.int64(8)), deviceID: Device.ID(try row.text(9)),
            sequence: try row.int64(10), feeCode: try row.optionalText(11),
            ticketID: try row.optionalText(12).map(ParkingTicket.ID.init),
            paidAt: try row.optionalInt64(13).map(Date.init(ledgerMilliseconds:)),
            statusChangedAt: Date(ledgerMilliseconds: try row.int64(14)), idempotencyKey: try row.text(15))
    }

    /// A ticket from a row that starts with ``ticketColumns``.
    package static func ticket(_ row: some PositionalRow) throws -> ParkingTicket {
        row.assertColumns(ticketColumnNames)
        return ParkingTicket(
            id: ParkingTicket.ID(try row.text(0)), plate: try row.text(1), vehicleClass: try row.text(2),
            zone: try row.text(3), entryAt: Date(ledgerMilliseconds: try row.int64(4)),
            exitAt: try row.optionalInt64(5).map(Date.init(ledgerMilliseconds:)),
            deviceID: Device.ID(try row.text(6)), sequence: try row.int64(7),
            invoiceID: try row.optionalText(8).map(Invoice.ID.init), idempotencyKey: try row.text(9),
            closure: try row.optionalText(10).map { text in
                guard let closure = ParkingTicket.Closure(rawValue: text) else {
                    throw LedgerError(.storageFailure, "tickets.closure holds \(text)")
                }
                return closure
            },
            closureReason: try row.optionalText(11), reprints: Int(try row.int64(12)))
    }

    /// A payment from a row that starts with ``paymentColumns`` (``PositionalRow`` says why by position).
    package static func payment(_ row: some PositionalRow) throws -> Payment {
        row.assertColumns(paymentColumnNames)
        let bill = try row.text(2)
        guard let billNumber = try? BillNumber(bill) else { throw bad("payments", "bill_number", bill) }
        let code = try row.text(8)
        guard let source = Payment.Source(code: code, reason: try row.optionalText(9)) else {
            throw bad("payments", "source", code)
        }
        let effectText = try row.text(10)
        guard let effect = Payment.Effect(rawValue: effectText) else { throw bad("payments", "effect", effectText) }
        var verification: PaymentVerification?
        if let profile = try row.optionalText(11), let key = try row.optionalText(12) {
            verification = PaymentVerification(profileID: profile, keyID: key)
        }
        return Payment(
            id: Payment.ID(try row.text(0)), invoiceID: Invoice.ID(try row.text(1)), billNumber: billNumber,
            rrn: try row.text(3), issuer: try row.text(4), amount: Rupiah(try row.int64(5)),
            paidAt: Date(ledgerMilliseconds: try row.int64(6)), recordedAt: Date(ledgerMilliseconds: try row.int64(7)),
            source: source, effect: effect, verifiedBy: verification)
    }

    /// A payment exception from a row that starts with ``exceptionColumns``.
    package static func exception(_ row: some PositionalRow) throws -> PaymentException {
        row.assertColumns(exceptionColumnNames)
        let code = try row.text(8)
        guard let source = Payment.Source(code: code, reason: try row.optionalText(9)) else {
            throw bad("payment_exceptions", "source", code)
        }
        var verification: PaymentVerification?
        if let profile = try row.optionalText(13), let key = try row.optionalText(14) {
            verification = PaymentVerification(profileID: profile, keyID: key)
        }
        return PaymentException(
            id: PaymentException.ID(try row.text(0)), billNumber: try row.text(1), rrn: try row.text(2),
            issuer: try row.text(3), amount: try row.optionalInt64(4).map(Rupiah.init),
            paidAt: Date(ledgerMilliseconds: try row.int64(6)), recordedAt: Date(ledgerMilliseconds: try row.int64(7)),
            source: source, reason: try enumValue(try row.text(10), "payment_exceptions", "reason"),
            detail: try row.text(11), amountText: try row.optionalText(5),
            bodySHA256: try row.text(12).nilIfEmpty, verifiedBy: verification)
    }

    /// An idempotency record from a row that starts with `key, operation, entity_id, request_hash`.
    package static func idempotency(_ row: some PositionalRow) throws -> IdempotencyRecord {
        row.assertColumns(["key", "operation", "entity_id", "request_hash"])
        return IdempotencyRecord(
            key: try row.text(0), operation: try enumValue(try row.text(1), "idempotency_keys", "operation"),
            entityID: try row.text(2), requestHash: try row.text(3))
    }

    /// An event as stored, from a row that starts with ``eventColumns``.
    package static func storedEvent(_ row: some PositionalRow) throws -> StoredEvent {
        row.assertColumns(eventColumnNames)
        return StoredEvent(
            sequence: try row.int64(0), kind: try row.text(1), entityID: try row.text(2),
            atMilliseconds: try row.int64(3), payload: try row.text(4), previousHash: try row.blob(5),
            hash: try row.blob(6))
    }

    package static func event(_ row: some PositionalRow) throws -> LedgerEvent {
        let stored = try storedEvent(row)
        guard let kind = LedgerEvent.Kind(rawValue: stored.kind) else { throw bad("events", "kind", stored.kind) }
        return LedgerEvent(
            sequence: stored.sequence, kind: kind, entityID: stored.entityID,
            at: Date(ledgerMilliseconds: stored.atMilliseconds), payload: stored.payload,
            previousHash: stored.previousHash, hash: stored.hash)
    }

    // MARK: Inserts

    // Built once: `cachedStatement(sql:)` looks statements up by their text, and interpolating the
    // column lists on every insert would build and hash a new string each time.
    package static let insertDeviceSQL = """
        INSERT INTO devices (
            id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence, attendant,
            code, public_key
        )
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    package static let insertDeviceZoneSQL = "INSERT INTO device_zones (device_id, zone) VALUES (?, ?)"
    package static let insertInvoiceSQL =
        "INSERT INTO invoices (\(invoiceColumns), short_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    package static let insertTicketSQL =
        "INSERT INTO tickets (\(ticketColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    package static let insertPaymentSQL =
        "INSERT INTO payments (\(paymentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    package static let insertExceptionSQL =
        "INSERT INTO payment_exceptions (\(exceptionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    package static let insertEventSQL = "INSERT INTO events (\(eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)"

    package static func insert(_ device: Device, _ db: some SQLSession) throws {
        try db.execute(
            insertDeviceSQL,
            [
                device.id.rawValue, device.name, device.role.rawValue, device.credentialHash,
                device.enrolledAt.ledgerMilliseconds, device.revokedAt?.ledgerMilliseconds, device.revocationReason,
                device.lastSequence, device.attendant, device.code?.rawValue, device.publicKey?.base64,
            ])
        for zone in device.zones {
            try db.execute(insertDeviceZoneSQL, [device.id.rawValue, zone])
        }
    }

    /// Inserts an invoice row through a prepared statement (on SQLite, its C calls: ``RawStatement``):
    /// issuing an invoice is the ledger's hot path.
    package static func insert(_ invoice: Invoice, _ db: some SQLSession) throws {
        let insert = try db.prepared(insertInvoiceSQL)
        insert.bind(1, invoice.id.rawValue)
        insert.bind(2, invoice.billNumber.rawValue)
        insert.bind(3, invoice.kind.rawValue)
        insert.bind(4, invoice.amount.value)
        insert.bind(5, invoice.qrisPayload)
        insert.bind(6, invoice.receiptCode)
        insert.bind(7, invoice.status.rawValue)
        insert.bind(8, invoice.issuedAt.ledgerMilliseconds)
        insert.bind(9, invoice.expiresAt.ledgerMilliseconds)
        insert.bind(10, invoice.deviceID.rawValue)
        insert.bind(11, invoice.sequence)
        insert.bind(12, invoice.feeCode)
        insert.bind(13, invoice.ticketID?.rawValue)
        insert.bind(14, invoice.paidAt?.ledgerMilliseconds)
        insert.bind(15, invoice.statusChangedAt.ledgerMilliseconds)
        insert.bind(16, invoice.idempotencyKey)
        insert.bind(17, invoice.shortCode.text)
        try insert.step()
    }

    package static func insert(_ ticket: ParkingTicket, _ db: some SQLSession) throws {
        try db.perform(
            insertTicketSQL,
            [
                ticket.id.rawValue, ticket.plate, ticket.vehicleClass, ticket.zone, ticket.entryAt.ledgerMilliseconds,
                ticket.exitAt?.ledgerMilliseconds, ticket.deviceID.rawValue, ticket.sequence,
                ticket.invoiceID?.rawValue,
                ticket.idempotencyKey, ticket.closure?.rawValue, ticket.closureReason, ticket.reprints,
            ])
    }

    /// Inserts a payment row through a prepared statement: applying a settlement file records a
    /// payment per row.
    package static func insert(_ payment: Payment, _ db: some SQLSession) throws {
        let insert = try db.prepared(insertPaymentSQL)
        insert.bind(1, payment.id.rawValue)
        insert.bind(2, payment.invoiceID.rawValue)
        insert.bind(3, payment.billNumber.rawValue)
        insert.bind(4, payment.rrn)
        insert.bind(5, payment.issuer)
        insert.bind(6, payment.amount.value)
        insert.bind(7, payment.paidAt.ledgerMilliseconds)
        insert.bind(8, payment.recordedAt.ledgerMilliseconds)
        insert.bind(9, payment.source.code)
        insert.bind(10, payment.source.reason)
        insert.bind(11, payment.effect.rawValue)
        insert.bind(12, payment.verifiedBy?.profileID)
        insert.bind(13, payment.verifiedBy?.keyID)
        try insert.step()
    }

    package static func insert(_ exception: PaymentException, _ db: some SQLSession) throws {
        try db.perform(
            insertExceptionSQL,
            [
                exception.id.rawValue, exception.billNumber, exception.rrn, exception.issuer, exception.amount?.value,
                exception.amountText, exception.paidAt.ledgerMilliseconds, exception.recordedAt.ledgerMilliseconds,
                exception.source.code, exception.source.reason, exception.reason.rawValue, exception.detail,
                exception.bodySHA256 ?? "", exception.verifiedBy?.profileID, exception.verifiedBy?.keyID,
            ])
    }

    package static func insert(_ record: IdempotencyRecord, _ db: some SQLSession) throws {
        try db.perform(
            "INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES (?, ?, ?, ?)",
            [record.key, record.operation.rawValue, record.entityID, record.requestHash])
    }

    /// Appends the event for `fact` after `head` and moves `head` to it. The event row binds through a
    /// prepared statement: every write appends one.
    @discardableResult
    package static func append(
        _ fact: LedgerFact, at: Date, _ db: some SQLSession, state: inout WriteState
    ) throws
        -> LedgerEvent
    {
        let event = LedgerEvent.make(fact, at: at, after: state.chain)
        let insert = try db.prepared(insertEventSQL)
        insert.bind(1, event.sequence)
        insert.bind(2, event.kind.rawValue)
        insert.bind(3, event.entityID)
        insert.bind(4, event.at.ledgerMilliseconds)
        insert.bind(5, event.payload)
        insert.bindBlob(6, event.previousHash)
        insert.bindBlob(7, event.hash)
        try insert.step()
        state.chain = ChainHead(sequence: event.sequence, hash: event.hash)
        try LedgerWrites.bookIfLate(fact, sequence: event.sequence, at: event.at, db)
        return event
    }
}

package extension String {
    /// `nil` for the empty string (a `NOT NULL DEFAULT ''` column read back as an optional).
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
