import Foundation
import GRDB
import Ledger

extension SQLiteLedgerStore {
    /// Recomputes the chain from the first event and checks every row of every table against it,
    /// in one read snapshot.
    public func verify() async throws -> LedgerVerificationReport {
        try await read { db in
            var verifier = LedgerVerifier()
            let events = try Row.fetchCursor(db, sql: "SELECT \(LedgerRowCodec.eventColumns) FROM events ORDER BY seq")
            while let row = try events.next() {
                do {
                    verifier.check(try LedgerRowCodec.storedEvent(row))
                } catch {
                    verifier.unreadableRow(table: "events", id: "\(row["seq"] ?? "?")", "\(error)")
                }
            }
            var rows = LedgerRows()
            rows.devices = try Self.readAll(
                "devices", LedgerRowCodec.deviceColumns, LedgerRowCodec.device, &verifier, db)
            // Zones are read with their device; a zone row of no device would be seen by nothing else.
            let orphanZones = try Row.fetchAll(
                db, sql: "SELECT device_id, zone FROM device_zones WHERE device_id NOT IN (SELECT id FROM devices)")
            for row in orphanZones {
                let id = "\(row["device_id"] ?? "?") \(row["zone"] ?? "?")"
                verifier.unreadableRow(table: "device_zones", id: id, "a zone of no enrolled device")
            }
            rows.invoices = try Self.readAll(
                "invoices", LedgerRowCodec.invoiceColumns, LedgerRowCodec.invoice, &verifier, db)
            rows.tickets = try Self.readAll(
                "tickets", LedgerRowCodec.ticketColumns, LedgerRowCodec.ticket, &verifier, db)
            rows.payments = try Self.readAll(
                "payments", LedgerRowCodec.paymentColumns, LedgerRowCodec.payment, &verifier, db)
            rows.exceptions = try Self.readAll(
                "payment_exceptions", LedgerRowCodec.exceptionColumns, LedgerRowCodec.exception, &verifier, db)
            rows.idempotency = try Self.readAll(
                "idempotency_keys", "key AS id, key, operation, entity_id, request_hash", LedgerRowCodec.idempotency,
                &verifier, db)
            rows.exceptionCases = try Self.readAll(
                "exception_cases", LedgerRowCodec.exceptionCaseColumns, LedgerRowCodec.exceptionCase, &verifier, db)
            rows.closedDays = try Self.readAll(
                "closed_days", "date AS id, date, statement", LedgerRowCodec.closedDay, &verifier, db)
            rows.invoiceSettlements = try Self.readAll(
                "invoice_settlements", "invoice_id AS id, " + LedgerRowCodec.invoiceSettlementColumns,
                LedgerRowCodec.invoiceSettlement, &verifier, db)
            rows.settlementApplications = try Self.readAll(
                "settlement_applications", "settlement_id AS id, " + LedgerRowCodec.settlementApplicationColumns,
                LedgerRowCodec.settlementApplication, &verifier, db)
            rows.refunds = try Self.readAll(
                "payment_refunds", LedgerRowCodec.refundColumns, LedgerRowCodec.refund, &verifier, db)
            let recordedHead: ChainHead
            if let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") {
                recordedHead = ChainHead(
                    sequence: try head.decode(forColumn: "seq"),
                    hash: Array(try head.decode(Data.self, forColumn: "hash")))
            } else {
                recordedHead = .empty
            }
            return verifier.finish(rows: rows, recordedHead: recordedHead)
        }
    }

    private static func readAll<Record>(
        _ table: String, _ columns: String, _ decode: (Row) throws -> Record, _ verifier: inout LedgerVerifier,
        _ db: Database
    ) throws -> [Record] {
        var records: [Record] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table)")
        while let row = try cursor.next() {
            do {
                records.append(try decode(row))
            } catch {
                let id = (row["id"] as String?) ?? "?"
                verifier.unreadableRow(table: table, id: id, (error as? LedgerError)?.message ?? "\(error)")
            }
        }
        return records
    }
}
