import Foundation
import GRDB
import Ledger

/// Reads and writes the ledger's records as rows. Every SELECT of a table uses its `columns` list.
enum LedgerRowCodec {
    /// A device's columns and its zones (`device_zones`, joined by spaces; zone codes have none).
    static let deviceColumns = """
        id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence, attendant, \
        code, public_key, \
        (SELECT group_concat(zone, ' ') FROM device_zones WHERE device_zones.device_id = devices.id) AS zones
        """
    static let invoiceColumns = """
        id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id, \
        sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key
        """
    static let ticketColumns =
        "id, plate, vehicle_class, zone, entry_ms, exit_ms, device_id, sequence, invoice_id, idempotency_key, closure, "
        + "closure_reason, reprints"
    static let paymentColumns = """
        id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, source_reason, effect, \
        verified_profile, verified_key
        """
    /// ``invoiceColumns`` and ``paymentColumns`` one by one, for the check that the positional
    /// decoders read the columns they expect.
    static let invoiceColumnNames = names(invoiceColumns)
    static let paymentColumnNames = names(paymentColumns)
    private static func names(_ columns: String) -> [String] {
        columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
    static let exceptionColumns = """
        id, bill_number, rrn, issuer, amount, amount_text, paid_ms, recorded_ms, source, source_reason, reason, \
        detail, body_sha256, verified_profile, verified_key
        """
    static let eventColumns = "seq, kind, entity_id, at_ms, payload, prev_hash, hash"

    private static func bad(_ table: String, _ column: String, _ value: Any?) -> LedgerError {
        LedgerError(.storageFailure, "\(table).\(column) holds a value no ledger event produces: \(value ?? "NULL")")
    }

    private static func time(_ row: Row, _ column: String) throws -> Date {
        Date(ledgerMilliseconds: try row.decode(Int64.self, forColumn: column))
    }

    private static func optionalTime(_ row: Row, _ column: String) throws -> Date? {
        try row.decode(Int64?.self, forColumn: column).map(Date.init(ledgerMilliseconds:))
    }

    private static func enumValue<T: RawRepresentable>(_ row: Row, _ table: String, _ column: String) throws -> T
    where T.RawValue == String {
        let text = try row.decode(String.self, forColumn: column)
        guard let value = T(rawValue: text) else { throw bad(table, column, text) }
        return value
    }

    private static func source(_ row: Row, _ table: String) throws -> Payment.Source {
        let code = try row.decode(String.self, forColumn: "source")
        guard let source = Payment.Source(code: code, reason: try row.decode(String?.self, forColumn: "source_reason"))
        else { throw bad(table, "source", code) }
        return source
    }

    private static func verification(_ row: Row) throws -> PaymentVerification? {
        guard let profile = try row.decode(String?.self, forColumn: "verified_profile"),
            let key = try row.decode(String?.self, forColumn: "verified_key")
        else { return nil }
        return PaymentVerification(profileID: profile, keyID: key)
    }

    static func device(_ row: Row) throws -> Device {
        Device(
            id: Device.ID(try row.decode(forColumn: "id")), name: try row.decode(forColumn: "name"),
            role: try enumValue(row, "devices", "role"),
            zones: (try row.decode(String?.self, forColumn: "zones") ?? "").split(separator: " ").map(String.init),
            credentialHash: try row.decode(forColumn: "credential_hash"), enrolledAt: try time(row, "enrolled_ms"),
            revokedAt: try optionalTime(row, "revoked_ms"),
            revocationReason: try row.decode(forColumn: "revocation_reason"),
            lastSequence: try row.decode(forColumn: "last_sequence"), attendant: try row.decode(forColumn: "attendant"),
            code: try row.decode(String?.self, forColumn: "code").map { text in
                guard let code = try? DeviceCode(text) else { throw bad("devices", "code", text) }
                return code
            },
            publicKey: try row.decode(String?.self, forColumn: "public_key").map { text in
                guard let key = try? DevicePublicKey(base64: text) else { throw bad("devices", "public_key", text) }
                return key
            })
    }

    /// An invoice from a row that starts with ``invoiceColumns`` (``PositionalRow`` says why by position).
    static func invoice(_ row: some PositionalRow) throws -> Invoice {
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

    static func ticket(_ row: Row) throws -> ParkingTicket {
        ParkingTicket(
            id: ParkingTicket.ID(try row.decode(forColumn: "id")), plate: try row.decode(forColumn: "plate"),
            vehicleClass: try row.decode(forColumn: "vehicle_class"), zone: try row.decode(forColumn: "zone"),
            entryAt: try time(row, "entry_ms"), exitAt: try optionalTime(row, "exit_ms"),
            deviceID: Device.ID(try row.decode(forColumn: "device_id")),
            sequence: try row.decode(forColumn: "sequence"),
            invoiceID: try row.decode(String?.self, forColumn: "invoice_id").map(Invoice.ID.init),
            idempotencyKey: try row.decode(forColumn: "idempotency_key"),
            closure: try row.decode(String?.self, forColumn: "closure").map { text in
                guard let closure = ParkingTicket.Closure(rawValue: text) else {
                    throw LedgerError(.storageFailure, "tickets.closure holds \(text)")
                }
                return closure
            },
            closureReason: try row.decode(forColumn: "closure_reason"),
            reprints: try row.decode(forColumn: "reprints"))
    }

    /// A payment from a row that starts with ``paymentColumns`` (``PositionalRow`` says why by position).
    static func payment(_ row: some PositionalRow) throws -> Payment {
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

    static func exception(_ row: Row) throws -> PaymentException {
        PaymentException(
            id: PaymentException.ID(try row.decode(forColumn: "id")),
            billNumber: try row.decode(forColumn: "bill_number"),
            rrn: try row.decode(forColumn: "rrn"), issuer: try row.decode(forColumn: "issuer"),
            amount: try row.decode(Int64?.self, forColumn: "amount").map(Rupiah.init),
            paidAt: try time(row, "paid_ms"), recordedAt: try time(row, "recorded_ms"),
            source: try source(row, "payment_exceptions"), reason: try enumValue(row, "payment_exceptions", "reason"),
            detail: try row.decode(forColumn: "detail"), amountText: try row.decode(forColumn: "amount_text"),
            bodySHA256: try row.decode(String.self, forColumn: "body_sha256").nilIfEmpty,
            verifiedBy: try verification(row))
    }

    static func idempotency(_ row: Row) throws -> IdempotencyRecord {
        IdempotencyRecord(
            key: try row.decode(forColumn: "key"), operation: try enumValue(row, "idempotency_keys", "operation"),
            entityID: try row.decode(forColumn: "entity_id"), requestHash: try row.decode(forColumn: "request_hash"))
    }

    static func storedEvent(_ row: Row) throws -> StoredEvent {
        StoredEvent(
            sequence: try row.decode(forColumn: "seq"), kind: try row.decode(forColumn: "kind"),
            entityID: try row.decode(forColumn: "entity_id"), atMilliseconds: try row.decode(forColumn: "at_ms"),
            payload: try row.decode(forColumn: "payload"),
            previousHash: Array(try row.decode(Data.self, forColumn: "prev_hash")),
            hash: Array(try row.decode(Data.self, forColumn: "hash")))
    }

    static func event(_ row: Row) throws -> LedgerEvent {
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
    static let insertDeviceSQL = """
        INSERT INTO devices (
            id, name, role, credential_hash, enrolled_ms, revoked_ms, revocation_reason, last_sequence, attendant,
            code, public_key
        )
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertDeviceZoneSQL = "INSERT INTO device_zones (device_id, zone) VALUES (?, ?)"
    static let insertInvoiceSQL =
        "INSERT INTO invoices (\(invoiceColumns), short_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let insertTicketSQL = "INSERT INTO tickets (\(ticketColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let insertPaymentSQL =
        "INSERT INTO payments (\(paymentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let insertExceptionSQL =
        "INSERT INTO payment_exceptions (\(exceptionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let insertEventSQL = "INSERT INTO events (\(eventColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)"

    static func insert(_ device: Device, _ db: Database) throws {
        try db.cachedStatement(sql: insertDeviceSQL)
            .execute(arguments: [
                device.id.rawValue, device.name, device.role.rawValue, device.credentialHash,
                device.enrolledAt.ledgerMilliseconds, device.revokedAt?.ledgerMilliseconds, device.revocationReason,
                device.lastSequence, device.attendant, device.code?.rawValue, device.publicKey?.base64,
            ])
        for zone in device.zones {
            try db.cachedStatement(sql: insertDeviceZoneSQL).execute(arguments: [device.id.rawValue, zone])
        }
    }

    /// Inserts an invoice row, bound with SQLite's C calls (``RawStatement``): issuing an invoice is
    /// the ledger's hot path.
    static func insert(_ invoice: Invoice, _ db: Database) throws {
        let insert = try RawStatement(db, insertInvoiceSQL)
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

    static func insert(_ ticket: ParkingTicket, _ db: Database) throws {
        try db.cachedStatement(sql: insertTicketSQL)
            .execute(arguments: [
                ticket.id.rawValue, ticket.plate, ticket.vehicleClass, ticket.zone, ticket.entryAt.ledgerMilliseconds,
                ticket.exitAt?.ledgerMilliseconds, ticket.deviceID.rawValue, ticket.sequence,
                ticket.invoiceID?.rawValue,
                ticket.idempotencyKey, ticket.closure?.rawValue, ticket.closureReason, ticket.reprints,
            ])
    }

    /// Inserts a payment row, bound with SQLite's C calls (``RawStatement``): applying a settlement
    /// file records a payment per row.
    static func insert(_ payment: Payment, _ db: Database) throws {
        let insert = try RawStatement(db, insertPaymentSQL)
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

    static func insert(_ exception: PaymentException, _ db: Database) throws {
        try db.cachedStatement(sql: insertExceptionSQL).execute(arguments: [
            exception.id.rawValue, exception.billNumber, exception.rrn, exception.issuer, exception.amount?.value,
            exception.amountText, exception.paidAt.ledgerMilliseconds, exception.recordedAt.ledgerMilliseconds,
            exception.source.code, exception.source.reason, exception.reason.rawValue, exception.detail,
            exception.bodySHA256 ?? "", exception.verifiedBy?.profileID, exception.verifiedBy?.keyID,
        ])
    }

    static func insert(_ record: IdempotencyRecord, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [record.key, record.operation.rawValue, record.entityID, record.requestHash])
    }

    /// Appends the event for `fact` after `head` and moves `head` to it. The event row binds with
    /// SQLite's C calls (``RawStatement``): every write appends one.
    @discardableResult
    static func append(_ fact: LedgerFact, at: Date, _ db: Database, state: inout WriteState) throws -> LedgerEvent {
        let event = LedgerEvent.make(fact, at: at, after: state.chain)
        let insert = try RawStatement(db, insertEventSQL)
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

extension String {
    /// `nil` for the empty string (a `NOT NULL DEFAULT ''` column read back as an optional).
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
