import Foundation
import Ledger

extension SQLLedgerStore {
    public func recordSettlementFile(_ record: SettlementFileRecord) async throws -> LedgerEvent {
        try record.validate()
        return try await write { db, state in
            // Once per file: the entity index finds an earlier event of this settlement.
            let earlier = try db.row(
                "SELECT \(LedgerRowCodec.eventColumns) FROM events WHERE entity_id = ? AND kind = ? ORDER BY seq LIMIT 1",
                [record.settlementID, LedgerEvent.Kind.settlementImported.rawValue])
            if let earlier { return try LedgerRowCodec.event(earlier) }
            return try LedgerRowCodec.append(.settlementImported(record), at: record.importedAt, db, state: &state)
        }
    }
}

extension SQLLedgerStore {
    public func withdrawSettlementChunk(
        _ chunk: SettlementWithdrawalChunk
    ) async throws
        -> SettlementWithdrawalProgress
    {
        try chunk.actor.validate()
        return try await write { db, state in try LedgerWrites.withdrawSettlementChunk(chunk, db, &state) }
    }
}
