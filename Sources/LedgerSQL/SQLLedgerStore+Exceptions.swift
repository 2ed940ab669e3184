import Foundation
import Ledger

extension SQLLedgerStore {
    public func applySettlementChunk(_ chunk: SettlementChunk) async throws -> SettlementApplication {
        try chunk.actor.validate()
        return try await write { db, state in try LedgerWrites.applySettlementChunk(chunk, db, &state) }
    }

    public func settlementApplication(id: String) async throws -> SettlementApplication? {
        try await read { db in try LedgerQueries.settlementApplication(id: id, db) }
    }

    public func invoiceSettlement(invoiceID: Invoice.ID) async throws -> InvoiceSettlement? {
        try await read { db in
            try db.row(
                "SELECT \(LedgerRowCodec.invoiceSettlementColumns) FROM invoice_settlements WHERE invoice_id = ?",
                [invoiceID.rawValue]
            ).map(LedgerRowCodec.invoiceSettlement)
        }
    }

    public func exceptionCases(_ query: ExceptionQuery) async throws -> [ExceptionCase] {
        var filter = SQLFilter()
        switch query.state {
        case .open?: filter.add("e.resolution IS NULL")
        case .resolved?: filter.add("e.resolution IS NOT NULL")
        case nil: break
        }
        if let category = query.category { filter.add("e.category = ?", category.rawValue) }
        if let from = query.openedFrom { filter.add("e.opened_ms >= ?", from.ledgerMilliseconds) }
        if let before = query.openedBefore { filter.add("e.opened_ms < ?", before.ledgerMilliseconds) }
        if let invoiceID = query.invoiceID { filter.add("e.invoice_id = ?", invoiceID.rawValue) }
        if let zone = query.zone {
            filter.add(
                """
                (EXISTS (SELECT 1 FROM invoices i JOIN tickets t ON t.id = i.ticket_id
                         WHERE i.id = e.invoice_id AND t.zone = ?)
                 OR EXISTS (SELECT 1 FROM device_zones z WHERE z.device_id = e.device_id AND z.zone = ?))
                """, zone, zone)
        }
        if let after = query.after { filter.add("e.id > ?", after.rawValue) }
        let columns = LedgerRowCodec.exceptionCaseColumns.split(separator: ",").map {
            "e." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.joined(separator: ", ")
        let sql = "SELECT \(columns) FROM exception_cases e \(filter.clause) ORDER BY e.id LIMIT \(query.limit)"
        let values = filter.arguments
        return try await read { db in
            try db.rows(sql, values).map { try LedgerRowCodec.exceptionCase($0) }
        }
    }

    public func exceptionCase(id: ExceptionCase.ID) async throws -> ExceptionCase? {
        try await read { db in try LedgerQueries.exceptionCase(id: id, db) }
    }

    public func assignException(
        _ id: ExceptionCase.ID, to assignee: String, actor: LedgerActor, at: Date
    )
        async throws -> ExceptionCase
    {
        try LedgerValidationBridge.text(assignee, field: "to", actor: actor, maximum: 100)
        return try await write { db, state in
            try LedgerWrites.assignException(id, to: assignee, actor: actor, at: at, db, &state)
        }
    }

    public func resolveException(
        _ id: ExceptionCase.ID, _ resolution: ExceptionCase.Resolution
    ) async throws
        -> ExceptionCase
    {
        try resolution.validate()
        return try await write { db, state in try LedgerWrites.resolveException(id, resolution, db, &state) }
    }
}
