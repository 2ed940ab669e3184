extension PostgresLedgerSchema {
    /// `pg-v5-node-state`: what one `lunas serve` node on SQLite keeps in its data directory, as rows,
    /// so that every node on one database serves every request (issue #18). Nothing here is in the
    /// SQLite ledger (its tables start with `node_`), and nothing is part of the event chain.
    ///
    /// - `node_external_ids`: the last X-EXTERNAL-ID issued per operation (``PostgresExternalIDStore``);
    ///   `node_external_id_days` the ids issued per Jakarta day, for the sequence part of the next one
    ///   (days older than two before the newest are deleted).
    /// - `node_notify_replays`: the SHA-256 keys of verified notifies until they leave the skew window
    ///   (``PostgresNotifyReplayStore``); expired rows are deleted.
    /// - `node_receipt_keys`: the receipt signing keys, at most one not retired (``PostgresReceiptKeyStore``):
    ///   the signing key's seed and public half, a retired key's public half only (its seed is erased,
    ///   as a rotation in the data directory overwrites the seed file). The seed is a secret: whoever
    ///   can read this table can sign.
    /// - `node_settlements`: the settlement archive (``PostgresSettlementArchive``): the record, the
    ///   three reports and the bank's original (gzip) as bytes, never updated or deleted.
    static let version5: [String] = [
        """
        CREATE TABLE node_external_ids (
            operation TEXT PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE CHECK (external_id ~ '^[0-9]{26}$'),
            day TEXT NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
            issued_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE node_external_id_days (
            day TEXT PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
            issued BIGINT NOT NULL CHECK (issued > 0)
        )
        """,
        """
        CREATE TABLE node_notify_replays (
            key TEXT PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
            until_ms BIGINT NOT NULL,
            body TEXT NOT NULL
        )
        """,
        "CREATE INDEX node_notify_replays_until ON node_notify_replays (until_ms)",
        """
        CREATE TABLE node_receipt_keys (
            position BIGINT PRIMARY KEY CHECK (position > 0),
            key_id TEXT NOT NULL UNIQUE,
            seed BYTEA CHECK (octet_length(seed) = 32),
            public_key BYTEA NOT NULL CHECK (octet_length(public_key) = 32),
            created_ms BIGINT NOT NULL,
            retired_ms BIGINT,
            label TEXT,
            CHECK (retired_ms IS NOT NULL OR seed IS NOT NULL)
        )
        """,
        // At most one key signs: the one not retired.
        "CREATE UNIQUE INDEX node_receipt_keys_signing ON node_receipt_keys ((retired_ms IS NULL)) WHERE retired_ms IS NULL",
        """
        CREATE TABLE node_settlements (
            position BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            id TEXT PRIMARY KEY CHECK (id ~ '^stl-[0-9a-f]{32}$'),
            record BYTEA NOT NULL,
            original BYTEA,
            report_json BYTEA,
            report_csv BYTEA,
            report_html BYTEA,
            stored_ms BIGINT NOT NULL
        )
        """,
        // Never rewritten, never deleted, like the file archive's folders.
        """
        CREATE FUNCTION node_settlements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'node_settlements rows are never changed or deleted';
        END
        $$
        """,
        """
        CREATE TRIGGER node_settlements_immutable BEFORE UPDATE OR DELETE ON node_settlements
        FOR EACH ROW EXECUTE FUNCTION node_settlements_immutable()
        """,
    ]
}
