import Foundation
import Ledger
import Logging
import PostgresNIO

/// A ``Ledger/ReceiptKeyStore`` in the PostgreSQL ledger (`node_receipt_keys`, `pg-v5-node-state`): every
/// node signs with the one key not retired, and a key rotated through one node signs on all from
/// their next ``signingKey()`` (issue #18); running nodes hear of it on ``channel``.
///
/// Creating the first key and rotating take one transaction-scoped advisory lock, so two nodes
/// starting at once create one key and two rotations at once retire one key each in turn; a unique
/// index allows at most one key that is not retired. The seed (32 bytes, BYTEA) is a secret: it is
/// never logged nor put in an error, and whoever can read the table — the database role of the nodes,
/// a superuser, and every backup — can sign receipts (docs/postgres.md compares this with the
/// file's mode 0600).
public struct PostgresReceiptKeyStore: ReceiptKeyStore {
    let database: PostgresLedgerDatabase

    /// Serialises key creation and rotation: `pg_advisory_xact_lock` key (ASCII "LUNASKEY").
    static let lockKey: Int64 = 0x4C55_4E41_534B_4559

    /// The channel a rotation notifies in its transaction (payload: the new key's id), so that every
    /// running node reloads its keys when, and only when, the rotation commits
    /// (``PostgresChangeListener`` on this channel feeds `API.ReceiptKeyReloader`).
    public static let channel = "lunas_receipt_keys"

    /// The store in `database` (migrated to `pg-v5-node-state` or later).
    public init(_ database: PostgresLedgerDatabase) {
        self.database = database
    }

    /// See ``Ledger/ReceiptKeyStore/signingKey()``.
    /// - Throws: `storage.failure` with the server's reason; `receipt.invalidKey` for a stored seed that
    ///   is not a key (the message never holds it).
    public func signingKey() async throws -> ReceiptSigningKey {
        let logger = database.logger
        return try await Self.withoutDetail {
            try await database.transaction { connection in
                if let key = try await Self.signing(connection, logger) { return key }
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                if let key = try await Self.signing(connection, logger) { return key }
                return try await Self.insert(ReceiptSigningKey.generate(), at: Date(), connection, logger)
            }
        }
    }

    /// See ``Ledger/ReceiptKeyStore/rotate(at:)``: the signing key is retired at `date` (created first
    /// when there is none) and a new one inserted, in one transaction. The retired key's seed is erased
    /// (its public half stays): it never signs again, as in the data directory, whose seed file is
    /// overwritten. The transaction notifies ``channel``.
    public func rotate(at date: Date) async throws -> ReceiptSigningKey {
        let logger = database.logger
        let retiredAt = Self.milliseconds(date)
        return try await Self.withoutDetail {
            try await database.transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                if try await Self.signing(connection, logger) == nil {
                    _ = try await Self.insert(ReceiptSigningKey.generate(), at: date, connection, logger)
                }
                try await connection.query(
                    """
                    UPDATE node_receipt_keys
                    SET retired_ms = \(retiredAt), label = \(ReceiptKeyRing.retiredLabel(at: date)), seed = NULL
                    WHERE retired_ms IS NULL
                    """, logger: logger)
                let new = try await Self.insert(ReceiptSigningKey.generate(), at: date, connection, logger)
                try await connection.query(
                    "SELECT pg_notify(\(Self.channel), \(new.publicKey.keyID.description))", logger: logger)
                return new
            }
        }
    }

    /// See ``Ledger/ReceiptKeyStore/ring()``.
    public func ring() async throws -> ReceiptKeyRing {
        let logger = database.logger
        let rows = try await database.connection { connection in
            try await connection.query(
                "SELECT public_key, label FROM node_receipt_keys ORDER BY retired_ms IS NULL, position", logger: logger
            ).collect()
        }
        return try ReceiptKeyRing(
            keys: rows.map { row -> ReceiptKeyRing.Entry in
                let (bytes, label) = try row.decode((ByteBuffer, String?).self)
                return .init(
                    label: label ?? ReceiptKeyRing.signingLabel,
                    publicKey: try ReceiptPublicKey(rawRepresentation: Array(bytes.readableBytesView)))
            })
    }

    /// Runs `body`; a server's refusal keeps its message and SQLSTATE but loses its detail, which for
    /// a failing row would show the seed.
    static func withoutDetail<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LedgerError {
            guard let server = (error.cause as? PSQLError)?.serverInfo else { throw error }
            throw LedgerError(
                .storageFailure,
                "PostgreSQL refused a receipt key statement: \(server[.message] ?? "no message") "
                    + "[SQLSTATE \(server[.sqlState] ?? "?")]")
        }
    }

    /// The key not retired, if any.
    static func signing(_ connection: PostgresConnection, _ logger: Logger) async throws -> ReceiptSigningKey? {
        let rows = try await connection.query(
            "SELECT seed FROM node_receipt_keys WHERE retired_ms IS NULL", logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let seed = Array(try row.decode(ByteBuffer.self).readableBytesView)
        return try ReceiptSigningKey(base64: Data(seed).base64EncodedString())
    }

    /// Inserts `key` as the signing key, after every key stored.
    static func insert(
        _ key: ReceiptSigningKey, at date: Date, _ connection: PostgresConnection, _ logger: Logger
    )
        async throws -> ReceiptSigningKey
    {
        // swift-crypto's seed is 32 bytes of standard base64, which always decodes.
        let seed = ByteBuffer(bytes: Array(Data(base64Encoded: key.base64) ?? Data()))
        let publicKey = ByteBuffer(bytes: key.publicKey.rawRepresentation)
        try await connection.query(
            """
            INSERT INTO node_receipt_keys (position, key_id, seed, public_key, created_ms)
            SELECT COALESCE(MAX(position), 0) + 1, \(key.publicKey.keyID.description), \(seed), \(publicKey), \(milliseconds(date))
            FROM node_receipt_keys
            """, logger: logger)
        return key
    }

    /// Inserts the public half of a retired key (`lunas ledger copy`: the data directory keeps no
    /// retired seed), after every key stored.
    static func insertRetired(
        _ entry: ReceiptKeyRing.Entry, at date: Date, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let publicKey = ByteBuffer(bytes: entry.publicKey.rawRepresentation)
        try await connection.query(
            """
            INSERT INTO node_receipt_keys (position, key_id, public_key, created_ms, retired_ms, label)
            SELECT COALESCE(MAX(position), 0) + 1, \(entry.keyID.description), \(publicKey), \(milliseconds(date)),
                \(milliseconds(date)), \(entry.label)
            FROM node_receipt_keys
            """, logger: logger)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
