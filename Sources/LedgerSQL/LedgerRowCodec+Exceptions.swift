import Foundation
import Ledger

/// Rows of the tables `v4-settlement` added: `exception_cases`, `invoice_settlements`,
/// `settlement_applications`.
package extension LedgerRowCodec {
    static let exceptionCaseColumns = """
        id, key, category, origin, amount, invoice_id, payment_id, device_id, bill_number, rrn, issuer, paid_ms, \
        settlement_id, settlement_row, settlement_location, detail, opened_ms, opened_by_set, opened_by_device, \
        opened_by_staff, assignee, assigned_ms, resolution, resolution_note, resolution_invoice_id, \
        resolution_duplicate_of, resolved_by_device, resolved_by_staff, resolved_ms
        """
    static let invoiceSettlementColumns =
        "invoice_id, settlement_id, settlement_row, location, gross, mdr, net, settled_ms, withdrawn_by"
    static let settlementApplicationColumns = """
        settlement_id, applied_rows, row_count, settled, payments_recorded, exceptions_opened, completed_ms, \
        actor_device, actor_staff, reversals_recorded, superseded_by, withdrawn_ms
        """

    private static func tableValue<T: RawRepresentable>(_ row: some PositionalRow, _ column: String) throws -> T
    where T.RawValue == String {
        let text = try row.text(column)
        guard let value = T(rawValue: text) else {
            throw LedgerError(
                .storageFailure, "exception_cases.\(column) holds a value no ledger event produces: \(text)")
        }
        return value
    }

    private static func date(_ row: some PositionalRow, _ column: String) throws -> Date? {
        try row.optionalInt64(column).map(Date.init(ledgerMilliseconds:))
    }

    private static func actor(_ row: some PositionalRow, device: String, staff: String) throws -> LedgerActor {
        LedgerActor(
            device: try row.optionalText(device).map(Device.ID.init),
            staff: try row.optionalText(staff))
    }

    static func exceptionCase(_ row: some PositionalRow) throws -> ExceptionCase {
        var settlement: SettlementRowReference?
        if let id = try row.optionalText("settlement_id") {
            settlement = SettlementRowReference(
                settlementID: id, row: try row.int64("settlement_row"),
                location: try row.text("settlement_location"))
        }
        var exception = ExceptionCase(
            id: ExceptionCase.ID(try row.text("id")),
            key: try row.text("key"), category: try tableValue(row, "category"),
            origin: try tableValue(row, "origin"), amount: try row.optionalInt64("amount").map(Rupiah.init),
            invoiceID: try row.optionalText("invoice_id").map(Invoice.ID.init),
            paymentID: try row.optionalText("payment_id").map(Payment.ID.init),
            deviceID: try row.optionalText("device_id").map(Device.ID.init),
            billNumber: try row.optionalText("bill_number"),
            rrn: try row.optionalText("rrn"), issuer: try row.optionalText("issuer"),
            paidAt: try date(row, "paid_ms"), settlement: settlement,
            detail: try row.text("detail"),
            openedAt: Date(ledgerMilliseconds: try row.int64("opened_ms")),
            openedBy: try row.bool("opened_by_set")
                ? try actor(row, device: "opened_by_device", staff: "opened_by_staff") : nil)
        exception.assignee = try row.optionalText("assignee")
        exception.assignedAt = try date(row, "assigned_ms")
        if try row.optionalText("resolution") != nil, let at = try date(row, "resolved_ms") {
            exception.resolution = ExceptionCase.Resolution(
                code: try tableValue(row, "resolution"), note: try row.text("resolution_note"),
                invoiceID: try row.optionalText("resolution_invoice_id").map(Invoice.ID.init),
                duplicateOf: try row.optionalText("resolution_duplicate_of").map(
                    ExceptionCase.ID.init),
                actor: try actor(row, device: "resolved_by_device", staff: "resolved_by_staff"), at: at)
        }
        return exception
    }

    static func insert(_ exception: ExceptionCase, _ db: some SQLSession) throws {
        let values: [any SQLValueConvertible] = [
            exception.id.rawValue, exception.key, exception.category.rawValue, exception.origin.rawValue,
            exception.amount?.value, exception.invoiceID?.rawValue, exception.paymentID?.rawValue,
            exception.deviceID?.rawValue, exception.billNumber, exception.rrn, exception.issuer,
            exception.paidAt?.ledgerMilliseconds, exception.settlement?.settlementID, exception.settlement?.row,
            exception.settlement?.location, exception.detail, exception.openedAt.ledgerMilliseconds,
            exception.openedBy != nil, exception.openedBy?.device?.rawValue, exception.openedBy?.staff,
        ]
        try db.perform(
            """
            INSERT INTO exception_cases (
                id, key, category, origin, amount, invoice_id, payment_id, device_id, bill_number, rrn, issuer,
                paid_ms, settlement_id, settlement_row, settlement_location, detail, opened_ms, opened_by_set,
                opened_by_device, opened_by_staff
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values)
    }

    /// Inserts an exception case as it stands, assignment and resolution included (`verify`'s
    /// spill writes a case at once; the ledger's own writes set those two later).
    static func insertWhole(_ exception: ExceptionCase, _ db: some SQLSession) throws {
        try insert(exception, db)
        if exception.assignee != nil || exception.assignedAt != nil { try saveAssignment(of: exception, db) }
        if exception.resolution != nil { try saveResolution(of: exception, db) }
    }

    /// Writes the case's assignee and assignment time.
    static func saveAssignment(of exception: ExceptionCase, _ db: some SQLSession) throws {
        try db.execute(
            "UPDATE exception_cases SET assignee = ?, assigned_ms = ? WHERE id = ?",
            [exception.assignee, exception.assignedAt?.ledgerMilliseconds, exception.id.rawValue])
    }

    /// Writes the case's resolution (none: nothing).
    static func saveResolution(of exception: ExceptionCase, _ db: some SQLSession) throws {
        guard let resolution = exception.resolution else { return }
        try db.execute(
            """
            UPDATE exception_cases SET resolution = ?, resolution_note = ?, resolution_invoice_id = ?,
                resolution_duplicate_of = ?, resolved_by_device = ?, resolved_by_staff = ?, resolved_ms = ?
            WHERE id = ?
            """,
            [
                resolution.code.rawValue, resolution.note, resolution.invoiceID?.rawValue,
                resolution.duplicateOf?.rawValue,
                resolution.actor.device?.rawValue, resolution.actor.staff, resolution.at.ledgerMilliseconds,
                exception.id.rawValue,
            ])
    }

    static func invoiceSettlement(_ row: some PositionalRow) throws -> InvoiceSettlement {
        InvoiceSettlement(
            invoiceID: Invoice.ID(try row.text("invoice_id")),
            entry: SettlementEntry(
                reference: SettlementRowReference(
                    settlementID: try row.text("settlement_id"),
                    row: try row.int64("settlement_row"),
                    location: try row.text("location")),
                gross: Rupiah(try row.int64("gross")),
                mdr: Rupiah(try row.int64("mdr")),
                net: Rupiah(try row.int64("net"))),
            settledAt: Date(ledgerMilliseconds: try row.int64("settled_ms")),
            withdrawnBy: try row.optionalText("withdrawn_by"))
    }

    static let insertInvoiceSettlementSQL =
        "INSERT INTO invoice_settlements (\(invoiceSettlementColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (invoice_id) DO UPDATE SET \(updatingAll(invoiceSettlementColumns, but: "invoice_id"))"

    /// Inserts the settlement of an invoice, bound with SQLite's C calls (``RawStatement``): one per
    /// settled row of a settlement file.
    static func insert(_ settlement: InvoiceSettlement, _ db: some SQLSession) throws {
        let entry = settlement.entry
        // Or replace: a settlement withdrawn for a corrected re-send (`withdrawn_by`) gives way to the
        // one that settles the invoice anew.
        let insert = try db.prepared(insertInvoiceSettlementSQL)
        insert.bind(1, settlement.invoiceID.rawValue)
        insert.bind(2, entry.reference.settlementID)
        insert.bind(3, entry.reference.row)
        insert.bind(4, entry.reference.location)
        insert.bind(5, entry.gross.value)
        insert.bind(6, entry.mdr.value)
        insert.bind(7, entry.net.value)
        insert.bind(8, settlement.settledAt.ledgerMilliseconds)
        insert.bind(9, settlement.withdrawnBy)
        try insert.step()
    }

    static func settlementApplication(_ row: some PositionalRow) throws -> SettlementApplication {
        SettlementApplication(
            settlementID: try row.text("settlement_id"),
            appliedRows: try row.int64("applied_rows"),
            rowCount: try row.int64("row_count"),
            settled: try row.int64("settled"),
            paymentsRecorded: try row.int64("payments_recorded"),
            exceptionsOpened: try row.int64("exceptions_opened"),
            completedAt: try date(row, "completed_ms"),
            actor: try actor(row, device: "actor_device", staff: "actor_staff"),
            reversalsRecorded: try row.int64("reversals_recorded"),
            supersededBy: try row.optionalText("superseded_by"),
            withdrawnAt: try date(row, "withdrawn_ms"))
    }

    static let saveApplicationSQL =
        "INSERT INTO settlement_applications (\(settlementApplicationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (settlement_id) DO UPDATE SET \(updatingAll(settlementApplicationColumns, but: "settlement_id"))"

    /// `a = excluded.a, b = excluded.b, …` for every column of `columns` but the key: an upsert that
    /// replaces the row, in the SQL both engines speak.
    static func updatingAll(_ columns: String, but key: String) -> String {
        columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    /// Writes the application's row (insert or replace: one row per file).
    static func save(_ application: SettlementApplication, _ db: some SQLSession) throws {
        try db.perform(
            saveApplicationSQL,
            [
                application.settlementID, application.appliedRows, application.rowCount, application.settled,
                application.paymentsRecorded, application.exceptionsOpened, application.completedAt?.ledgerMilliseconds,
                application.actor.device?.rawValue, application.actor.staff, application.reversalsRecorded,
                application.supersededBy, application.withdrawnAt?.ledgerMilliseconds,
            ])
    }
}
