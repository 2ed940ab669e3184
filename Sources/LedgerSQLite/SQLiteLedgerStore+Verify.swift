import Foundation
import GRDB
import Ledger
import LedgerSQL

extension SQLiteLedgerStore {
    /// Recomputes the chain from the first event and checks every row of every table against it,
    /// in one read snapshot, in bounded memory: the events stream in `seq` order into the replay,
    /// which keeps what it has not touched lately in a temporary database beside the ledger
    /// (``SQLiteReplaySpill``), and each table's rows stream in key order against the replayed
    /// state (``LedgerRowComparison``).
    public func verify() async throws -> LedgerVerificationReport {
        try await verify(generation: Self.verifyGeneration)
    }

    /// Replayed entries of each kind that `verify` keeps in memory per generation (two
    /// generations): invoices of about 1 KiB, the rest smaller, some 40 MiB in all.
    static let verifyGeneration = 8_192

    /// ``verify()`` keeping `generation` replayed entries of each kind per generation in memory
    /// (tests use a small one, so that nearly everything goes through the spill).
    func verify(generation: Int) async throws -> LedgerVerificationReport {
        let path = self.path
        return try await read { db in
            try SQLiteReplaySpill.run(beside: path, ledger: db) { spill in
                try Self.verify(db, spill: spill, generation: generation)
            }
        }
    }

    private static func verify(
        _ db: Database, spill: SQLiteReplaySpill, generation: Int
    ) throws -> LedgerVerificationReport {
        var verifier = try LedgerVerifier(spill: spill, generation: generation)
        let events = try Row.fetchCursor(db, sql: "SELECT \(LedgerRowCodec.eventColumns) FROM events ORDER BY seq")
        while let row = try events.next() {
            do {
                verifier.check(try LedgerRowCodec.storedEvent(row))
            } catch {
                verifier.unreadableRow(table: "events", id: "\(row["seq"] ?? "?")", "\(error)")
            }
            if let error = verifier.spillError { throw error }
        }
        verifier.endOfEvents(recordedHead: try recordedHead(db))
        try compare(.devices, "id", LedgerRowCodec.deviceColumns(.sqlite), LedgerRowCodec.device, &verifier, db)
        // Zones are read with their device; a zone row of no device would be seen by nothing else.
        let orphanZones = try Row.fetchAll(
            db, sql: "SELECT device_id, zone FROM device_zones WHERE device_id NOT IN (SELECT id FROM devices)")
        for row in orphanZones {
            let id = "\(row["device_id"] ?? "?") \(row["zone"] ?? "?")"
            verifier.unreadableRow(table: "device_zones", id: id, "a zone of no enrolled device")
        }
        try compare(.invoices, "id", LedgerRowCodec.invoiceColumns, LedgerRowCodec.invoice, &verifier, db)
        try compare(.tickets, "id", LedgerRowCodec.ticketColumns, LedgerRowCodec.ticket, &verifier, db)
        try compare(.payments, "id", LedgerRowCodec.paymentColumns, LedgerRowCodec.payment, &verifier, db)
        try compare(
            .paymentExceptions, "id", LedgerRowCodec.exceptionColumns, LedgerRowCodec.exception, &verifier, db)
        try compare(
            .idempotencyKeys, "key", "key, operation, entity_id, request_hash", LedgerRowCodec.idempotency,
            &verifier, db)
        try compare(
            .exceptionCases, "id", LedgerRowCodec.exceptionCaseColumns, LedgerRowCodec.exceptionCase, &verifier, db)
        try compare(.closedDays, "date", "date AS id, date, statement", LedgerRowCodec.closedDay, &verifier, db)
        try compare(
            .invoiceSettlements, "invoice_id", "invoice_id AS id, " + LedgerRowCodec.invoiceSettlementColumns,
            LedgerRowCodec.invoiceSettlement, &verifier, db)
        try compare(
            .settlementApplications, "settlement_id",
            "settlement_id AS id, " + LedgerRowCodec.settlementApplicationColumns,
            LedgerRowCodec.settlementApplication, &verifier, db)
        try compare(.paymentRefunds, "id", LedgerRowCodec.refundColumns, LedgerRowCodec.refund, &verifier, db)
        try compare(
            .complaints, "number", "number AS id, " + LedgerRowCodec.complaintColumns, LedgerRowCodec.complaint,
            &verifier, db)
        try compare(
            .offlineRecords, "idempotency_key", "idempotency_key AS id, recording", LedgerRowCodec.offlineRecording,
            &verifier, db)
        // By the key's text (`ORDER BY` the sequence as text), the order every table is compared in.
        try compare(
            .lateEvents, "CAST(event_seq AS TEXT)", "CAST(event_seq AS TEXT) AS id, " + LedgerRowCodec.lateEventColumns,
            LedgerRowCodec.lateEvent, &verifier, db)
        try checkClosedDayBounds(&verifier, db)
        try checkOfflineSources(&verifier, db)
        try checkComplaintContents(&verifier, db)
        try checkShortCodes(&verifier, db)
        try checkTotals(&verifier, db)
        return verifier.report()
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

    private static func recordedHead(_ db: Database) throws -> ChainHead {
        guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") else {
            return .empty
        }
        return ChainHead(
            sequence: try head.decode(forColumn: "seq"), hash: Array(try head.decode(Data.self, forColumn: "hash")))
    }

    /// Streams `table`'s rows in key order (its primary key's index) against the replayed state.
    private static func compare<Record: Equatable>(
        _ table: LedgerTable<Record>, _ key: String, _ columns: String, _ decode: (Row) throws -> Record,
        _ verifier: inout LedgerVerifier, _ db: Database
    ) throws {
        var comparison = try verifier.rows(table)
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY \(key)")
        while let row = try cursor.next() {
            let record: Record
            do {
                record = try decode(row)
            } catch {
                let id = (row["id"] as String?) ?? (row["key"] as String?) ?? "?"
                comparison.unreadable(id: id, (error as? LedgerError)?.message ?? "\(error)")
                continue
            }
            try comparison.add(record)
        }
        try verifier.absorb(comparison)
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
            guard let complaint = try? LedgerRowCodec.complaint(row) else { continue }  // named unreadable by the comparison
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
            guard let billNumber = try? BillNumber(row["bill_number"] as String) else { continue }  // the comparison names it
            if ReceiptShortCode(billNumber: billNumber).text != (row["short_code"] as String) {
                verifier.unreadableRow(
                    table: "invoices", id: row["id"], "the short code is not the one its bill number derives")
            }
        }
    }
}
