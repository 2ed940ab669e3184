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
            rows.complaints = try Self.readAll(
                "complaints", "number AS id, " + LedgerRowCodec.complaintColumns, LedgerRowCodec.complaint, &verifier, db)
            rows.offlineRecords = try Self.readAll(
                "offline_records", "idempotency_key AS id, recording", LedgerRowCodec.offlineRecording, &verifier, db)
            rows.lateEvents = try Self.readAll(
                "late_events", "CAST(event_seq AS TEXT) AS id, " + LedgerRowCodec.lateEventColumns,
                LedgerRowCodec.lateEvent, &verifier, db)
            try Self.checkClosedDayBounds(&verifier, db)
            try Self.checkOfflineSources(&verifier, db)
            try Self.checkComplaintContents(&verifier, db)
            try Self.checkShortCodes(&verifier, db)
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

    /// The bounds and `day.closed` sequence kept beside each statement (to book late events) are
    /// copies of the statement's: a row whose copies were edited would book to the wrong day.
    private static func checkClosedDayBounds(_ verifier: inout LedgerVerifier, _ db: Database) throws {
        let rows = try String.fetchAll(
            db,
            sql: """
                SELECT date FROM closed_days
                WHERE from_ms IS NOT json_extract(statement, '$.from') OR to_ms IS NOT json_extract(statement, '$.to')
                    OR closed_seq IS NOT json_extract(statement, '$.chainHead.sequence') + 1
                """)
        for date in rows {
            verifier.unreadableRow(
                table: "closed_days", id: date, "from_ms, to_ms or closed_seq differ from the statement's")
        }
    }

    /// The citizen's words and photo are outside the chain, but the filing holds their SHA-256:
    /// content edited (or removed) behind the ledger's back no longer matches it.
    private static func checkComplaintContents(_ verifier: inout LedgerVerifier, _ db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.number, c.state, c.zone, c.device_id, c.filed_ms, c.record, t.number AS content_number, t.description, t.contact, t.photo, t.photo_type
                FROM complaints c LEFT JOIN complaint_contents t ON t.number = c.number
                """)
        while let row = try rows.next() {
            let number: String = row["number"]
            guard let complaint = try? LedgerRowCodec.complaint(row) else { continue }  // reported by readAll
            guard (row["content_number"] as String?) != nil else {
                verifier.unreadableRow(table: "complaint_contents", id: number, "the complaint's content is missing")
                continue
            }
            let content = ComplaintContent(
                description: row["description"], contact: row["contact"], photo: row["photo"],
                photoType: row["photo_type"])
            if content.digest != complaint.filing.contentSHA256 {
                verifier.unreadableRow(
                    table: "complaint_contents", id: number,
                    "the content does not match the SHA-256 its complaint.filed event holds")
            }
        }
    }

    /// A receipt's short code is derived from its bill number (``ReceiptShortCode``); a stored one
    /// that differs was written behind the ledger's back and would lead a citizen to another
    /// invoice. (Only an invoice from before `v9-shift` that lost a tie may have none.)
    private static func checkShortCodes(_ verifier: inout LedgerVerifier, _ db: Database) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, bill_number, short_code FROM invoices WHERE short_code IS NOT NULL")
        while let row = try rows.next() {
            guard let billNumber = try? BillNumber(row["bill_number"] as String) else { continue }  // readAll says
            if ReceiptShortCode(billNumber: billNumber).text != (row["short_code"] as String) {
                verifier.unreadableRow(
                    table: "invoices", id: row["id"], "the short code is not the one its bill number derives")
            }
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
