import Foundation
import Ledger

extension SQLLedgerStore {
    public func device(id: Device.ID) async throws -> Device? {
        try await read { db in try LedgerQueries.device(id: id, db) }
    }

    public func device(credentialHash: String) async throws -> Device? {
        try await read { db in try LedgerQueries.device(credentialHash: credentialHash, db) }
    }

    public func devices() async throws -> [Device] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.deviceColumns(dialect)) FROM devices ORDER BY id", LedgerRowCodec.device)
    }

    public func invoice(id: Invoice.ID) async throws -> Invoice? {
        try await read { db in try LedgerQueries.invoice(where: "id", equals: id.rawValue, db) }
    }

    public func invoice(billNumber: BillNumber) async throws -> Invoice? {
        try await read { db in try LedgerQueries.invoice(where: "bill_number", equals: billNumber.rawValue, db) }
    }

    public func invoice(shortCode: ReceiptShortCode) async throws -> Invoice? {
        try await read { db in try LedgerQueries.invoice(where: "short_code", equals: shortCode.text, db) }
    }

    public func invoice(receiptCode: String) async throws -> Invoice? {
        // A signed code names its bill number: look that up and compare the whole code. Opaque codes
        // have their own partial index.
        guard receiptCode.utf8.starts(with: ReceiptCode.textPrefix.utf8) else {
            return try await read { db in
                try db.row(
                    """
                    SELECT \(LedgerRowCodec.invoiceColumns) FROM invoices
                    WHERE receipt_code = ? AND \(LedgerQueries.opaqueReceipt)
                    """, [receiptCode]
                ).map(LedgerRowCodec.invoice)
            }
        }
        guard let code = try? ReceiptCode(parsing: receiptCode), let billNumber = try? BillNumber(code.invoiceID)
        else { return nil }
        let invoice = try await invoice(billNumber: billNumber)
        return invoice?.receiptCode == receiptCode ? invoice : nil
    }

    public func invoices(issuedFrom from: Date, to: Date) async throws -> [Invoice] {
        try await read { db in try LedgerQueries.invoices(from: from, to: to, db) }
    }

    public func ticket(id: ParkingTicket.ID) async throws -> ParkingTicket? {
        try await read { db in try LedgerQueries.ticket(id: id, db) }
    }

    public func openTickets(plate: String) async throws -> [ParkingTicket] {
        let normalised = try LicensePlate.normalise(plate)
        return try await fetchAll(
            """
            SELECT \(LedgerRowCodec.ticketColumns) FROM tickets
            WHERE plate = ? AND invoice_id IS NULL AND closure IS NULL ORDER BY entry_ms
            """, arguments: [normalised]
        ) { try LedgerRowCodec.ticket($0) }
    }

    public func payments(invoiceID: Invoice.ID) async throws -> [Payment] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.paymentColumns) FROM payments WHERE invoice_id = ? ORDER BY recorded_ms, id",
            arguments: [invoiceID.rawValue], LedgerRowCodec.payment)
    }

    public func paymentExceptions(paidFrom from: Date, to: Date) async throws -> [PaymentException] {
        try await read { db in try LedgerQueries.exceptions(from: from, to: to, db) }
    }

    public func payments(verifiedByKey keyID: String) async throws -> [Payment] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.paymentColumns) FROM payments WHERE verified_key = ? ORDER BY recorded_ms, id",
            arguments: [keyID], LedgerRowCodec.payment)
    }

    public func paymentExceptions(verifiedByKey keyID: String) async throws -> [PaymentException] {
        try await fetchAll(
            """
            SELECT \(LedgerRowCodec.exceptionColumns) FROM payment_exceptions
            WHERE verified_key = ? ORDER BY recorded_ms, id
            """,
            arguments: [keyID], LedgerRowCodec.exception)
    }

    /// Every acquirer profile and key that verified a recorded notify, with how many payments and
    /// payment exceptions each let in, by profile and key.
    public func notifyKeyUsage() async throws -> [PaymentVerification.Usage] {
        try await read { db in
            try db.rows(
                """
                SELECT verified_profile, verified_key,
                    SUM(is_payment) AS payments, SUM(1 - is_payment) AS exceptions
                FROM (
                    SELECT verified_profile, verified_key, 1 AS is_payment FROM payments
                    WHERE verified_key IS NOT NULL
                    UNION ALL SELECT verified_profile, verified_key, 0 FROM payment_exceptions
                    WHERE verified_key IS NOT NULL
                ) AS verified GROUP BY verified_profile, verified_key ORDER BY verified_profile, verified_key
                """
            ).map { row in
                PaymentVerification.Usage(
                    verification: PaymentVerification(
                        profileID: try row.get("verified_profile"),
                        keyID: try row.get("verified_key")),
                    payments: try row.get("payments"),
                    exceptions: try row.get("exceptions"))
            }
        }
    }

    public func events(entityID: String) async throws -> [LedgerEvent] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.eventColumns) FROM events WHERE entity_id = ? ORDER BY seq",
            arguments: [entityID], LedgerRowCodec.event)
    }

    public func events(after: Int64, limit: Int) async throws -> [LedgerEvent] {
        try await fetchAll(
            "SELECT \(LedgerRowCodec.eventColumns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            arguments: [after, max(0, limit)], LedgerRowCodec.event)
    }

    public func dailyTotals(from: Date, to: Date) async throws -> DailyTotals {
        try await read { db in try LedgerQueries.dailyTotals(from: from, to: to, db) }
    }
}

extension LedgerQueries {
    package static func device(credentialHash: String, _ db: some SQLSession) throws -> Device? {
        try db.row(
            "SELECT \(LedgerRowCodec.deviceColumns(db.dialect)) FROM devices WHERE credential_hash = ?",
            [credentialHash]
        ).map(LedgerRowCodec.device)
    }
}
