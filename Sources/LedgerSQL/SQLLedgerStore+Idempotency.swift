import Ledger

extension SQLLedgerStore {
    /// The record of an idempotency key, or nil when it was never used.
    public func idempotencyRecord(key: String) async throws -> IdempotencyRecord? {
        try await read { db in
            try db.row(
                "SELECT key, operation, entity_id, request_hash FROM idempotency_keys WHERE key = ?", [key]
            ).map(LedgerRowCodec.idempotency)
        }
    }
}
