extension PostgresLedgerSchema {
    /// `pg-v7-copy-marker`: `lunas ledger copy` marks its target while a copy is unfinished (one row,
    /// from the first copied page until the copy verifies), and every command that opens the ledger
    /// refuses a marked database (``PostgresLedgerCopy/isUnfinished(_:)``): a copy killed between its
    /// events and its rows left a ledger that `lunas serve` would have written on, after which the
    /// copy could neither resume nor be trusted. A `node_` table: the copy carries none of its rows.
    static let version7: [String] = [
        """
        CREATE TABLE node_ledger_copy (
            id SMALLINT PRIMARY KEY CHECK (id = 1),
            started_ms BIGINT NOT NULL
        )
        """
    ]
}
