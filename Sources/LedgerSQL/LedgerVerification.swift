import Foundation
import Ledger

/// `lunas ledger verify` in the SQL both engines share (issue #18): the events stream in `seq` order
/// into a ``Ledger/LedgerVerifier``, then each table's rows stream in key order against the replayed
/// state (``Ledger/LedgerRowComparison``), then the checks of what the events do not hold (orphan
/// zones, the recorded head, closed days' bounds, offline sources, complaint contents, short codes,
/// the running totals).
///
/// A store runs it inside one read snapshot and gives the verifier its own spill (SQLite: a
/// temporary file; PostgreSQL: temporary tables). Every scan goes through ``SQLSession/each(_:_:_:)``,
/// which steps one row at a time on SQLite and fetches from a server-side cursor on PostgreSQL, so
/// no scan holds a table in memory. Keys are ordered by their bytes (``SQLDialect/byteOrder(_:)``),
/// the order the replayed state is walked in; every finding's order is fixed by the SQL, so both
/// engines write the same report for the same ledger.
package enum LedgerVerification {
    /// Verifies the ledger `db` reads with `verifier` (fresh) and answers its report.
    ///
    /// - Throws: the spill's error, or the engine's (a table that cannot be read at all).
    package static func run(_ db: some SQLSession, _ verifier: inout LedgerVerifier) throws -> LedgerVerificationReport
    {
        try db.each("SELECT \(LedgerRowCodec.eventColumns) FROM events ORDER BY seq") { row in
            do {
                verifier.check(try LedgerRowCodec.storedEvent(row))
            } catch {
                verifier.unreadableRow(
                    table: "events", id: (try? row.int64(0)).map { "\($0)" } ?? "?", describe(error))
            }
            if let error = verifier.spillError { throw error }
        }
        verifier.endOfEvents(recordedHead: try recordedHead(db))
        let order = db.dialect.byteOrder
        try compare(
            .devices, "id", LedgerRowCodec.deviceColumns(db.dialect), { try LedgerRowCodec.device($0) }, &verifier, db)
        // Zones are read with their device; a zone row of no device would be seen by nothing else.
        try db.each(
            """
            SELECT device_id, zone FROM device_zones WHERE device_id NOT IN (SELECT id FROM devices)
            ORDER BY \(order("device_id")), \(order("zone"))
            """
        ) { row in
            let id = "\((try? row.text(0)) ?? "?") \((try? row.text(1)) ?? "?")"
            verifier.unreadableRow(table: "device_zones", id: id, "a zone of no enrolled device")
        }
        try compare(.invoices, "id", LedgerRowCodec.invoiceColumns, { try LedgerRowCodec.invoice($0) }, &verifier, db)
        try compare(.tickets, "id", LedgerRowCodec.ticketColumns, { try LedgerRowCodec.ticket($0) }, &verifier, db)
        try compare(.payments, "id", LedgerRowCodec.paymentColumns, { try LedgerRowCodec.payment($0) }, &verifier, db)
        try compare(
            .paymentExceptions, "id", LedgerRowCodec.exceptionColumns, { try LedgerRowCodec.exception($0) }, &verifier,
            db)
        try compare(
            .idempotencyKeys, "key", "key, operation, entity_id, request_hash", { try LedgerRowCodec.idempotency($0) },
            &verifier, db)
        try compare(
            .exceptionCases, "id", LedgerRowCodec.exceptionCaseColumns, { try LedgerRowCodec.exceptionCase($0) },
            &verifier, db)
        try compare(
            .closedDays, "date", "date AS id, date, statement", { try LedgerRowCodec.closedDay($0) }, &verifier, db)
        try compare(
            .invoiceSettlements, "invoice_id", "invoice_id AS id, " + LedgerRowCodec.invoiceSettlementColumns,
            { try LedgerRowCodec.invoiceSettlement($0) }, &verifier, db)
        try compare(
            .settlementApplications, "settlement_id",
            "settlement_id AS id, " + LedgerRowCodec.settlementApplicationColumns,
            { try LedgerRowCodec.settlementApplication($0) }, &verifier, db)
        try compare(
            .paymentRefunds, "id", LedgerRowCodec.refundColumns, { try LedgerRowCodec.refund($0) }, &verifier, db)
        try compare(
            .complaints, "number", "number AS id, " + LedgerRowCodec.complaintColumns,
            { try LedgerRowCodec.complaint($0) },
            &verifier, db)
        try compare(
            .offlineRecords, "idempotency_key", "idempotency_key AS id, recording",
            { try LedgerRowCodec.offlineRecording($0) },
            &verifier, db)
        // By the key's text (`ORDER BY` the sequence as text), the order every table is compared in.
        try compare(
            .lateEvents, "CAST(event_seq AS TEXT)", "CAST(event_seq AS TEXT) AS id, " + LedgerRowCodec.lateEventColumns,
            { try LedgerRowCodec.lateEvent($0) }, &verifier, db)
        try checkClosedDayBounds(&verifier, db)
        try checkOfflineSources(&verifier, db)
        try checkComplaintContents(&verifier, db)
        try checkShortCodes(&verifier, db)
        try checkTotals(&verifier, db)
        return verifier.report()
    }

    /// The chain head the store recorded with its last commit (empty for a ledger never written).
    static func recordedHead(_ db: some SQLSession) throws -> ChainHead {
        guard let head = try db.row("SELECT seq, hash FROM chain_head WHERE id = 1") else { return .empty }
        return ChainHead(sequence: try head.int64("seq"), hash: try head.blob("hash"))
    }

    /// Streams `table`'s rows in key order (bytes) against the replayed state.
    private static func compare<Record: Equatable, Session: SQLSession>(
        _ table: LedgerTable<Record>, _ key: String, _ columns: String,
        _ decode: (Session.Statement) throws -> Record, _ verifier: inout LedgerVerifier, _ db: Session
    ) throws {
        var comparison = try verifier.rows(table)
        try db.each("SELECT \(columns) FROM \(table.name) ORDER BY \(db.dialect.byteOrder(key))") { row in
            let record: Record
            do {
                record = try decode(row)
            } catch {
                let id = (try? row.optionalText("id")) ?? (try? row.optionalText("key")) ?? "?"
                comparison.unreadable(id: id, describe(error))
                return
            }
            try comparison.add(record)
        }
        try verifier.absorb(comparison)
    }

    static func describe(_ error: any Error) -> String {
        (error as? LedgerError)?.message ?? "\(error)"
    }
}

extension SQLDialect {
    /// `expression` ordered and compared by its UTF-8 bytes: SQLite's default `BINARY` collation,
    /// PostgreSQL's `COLLATE "C"` (a database in another locale orders text by its rules).
    package func byteOrder(_ expression: String) -> String {
        switch self {
        case .sqlite: expression
        case .postgres: "\(expression) COLLATE \"C\""
        }
    }
}
