import Ledger
import PostgresNIO

/// The versioned schema of the PostgreSQL ledger (issue #18).
///
/// Unlike SQLite, which migrates itself when it opens (one node owns its file), PostgreSQL is
/// shared by several nodes and never migrated implicitly: `lunas db migrate --database URL`
/// applies the pending migrations (``migrate(_:appliedBy:)``), and every node checks on start
/// that the schema is exactly the one it knows (``requireCurrent(_:)``).
///
/// The applied migrations are rows of `lunas_schema_migrations` (position, name, when, by whom).
/// Migration names are `pg-v1`, `pg-v2`, `pg-v3-settlement-withdrawals`, …; a migration, once released,
/// never changes.
public enum PostgresLedgerSchema {
    /// Every migration this build knows, oldest first.
    static let migrations: [(name: String, statements: [String])] = [
        ("pg-v1", version1),
        ("pg-v2", version2),
        ("pg-v3-settlement-withdrawals", version3),
        ("pg-v4-day-totals", version4),
        ("pg-v5-node-state", version5),
        ("pg-v6-byte-order", version6),
        ("pg-v7-copy-marker", version7),
    ]

    /// The names of every migration this build knows, oldest first.
    public static var knownVersions: [String] { migrations.map(\.name) }

    /// The version this build needs: its newest migration.
    public static var currentVersion: String { knownVersions[knownVersions.count - 1] }

    /// The command that brings a database up to date, quoted in refusals.
    public static let migrateCommand = "lunas db migrate --database postgres://USER@HOST:PORT/DATABASE?sslmode=…"

    /// Serialises migrations: `pg_advisory_xact_lock` key of `lunas db migrate` (ASCII "LUNASMIG").
    static let migrationLockKey: Int64 = 0x4C55_4E41_534D_4947

    /// What a database holds, compared with what this build knows.
    public struct Status: Sendable, Hashable {
        /// The migrations applied, in the order they were applied.
        public var applied: [String]
        /// Known migrations not applied yet, in the order they would be applied.
        public var pending: [String]
        /// Applied migrations that this build does not know (the database is newer).
        public var unknown: [String]

        /// The version the database is at: its last applied migration, or nil for none.
        public var version: String? { applied.last }
    }

    /// Reads what `database` holds.
    /// - Throws: `storage.failure` when the server cannot be read; `schema.inconsistent` when the
    ///   applied migrations are not a prefix of the known ones and not newer either.
    public static func status(_ database: PostgresLedgerDatabase) async throws -> Status {
        try await database.connection { connection in try await status(on: connection, database.logger) }
    }

    static func status(on connection: PostgresConnection, _ logger: Logger) async throws -> Status {
        var applied: [String] = []
        var present = false
        let exists = try await connection.query(
            "SELECT to_regclass('lunas_schema_migrations') IS NOT NULL", logger: logger)
        for try await found in exists.decode(Bool.self) { present = found }
        if present {
            let rows = try await connection.query(
                "SELECT name FROM lunas_schema_migrations ORDER BY position", logger: logger)
            for try await name in rows.decode(String.self) { applied.append(name) }
        }
        return try classify(applied: applied)
    }

    /// Compares applied migrations with the known ones.
    static func classify(applied: [String]) throws -> Status {
        let known = knownVersions
        let unknown = applied.filter { !known.contains($0) }
        let knownApplied = applied.filter { known.contains($0) }
        guard knownApplied == Array(known.prefix(knownApplied.count)), unknown.isEmpty || knownApplied == known else {
            throw LedgerError(
                .schemaInconsistent,
                "the PostgreSQL ledger's applied migrations (\(applied.joined(separator: ", "))) are not in the "
                    + "order this build knows (\(known.joined(separator: ", "))): the database was changed by hand")
        }
        return Status(applied: applied, pending: Array(known.dropFirst(knownApplied.count)), unknown: unknown)
    }

    /// Refuses a database whose schema is not exactly ``currentVersion``: every node calls it before
    /// it serves, since PostgreSQL is never migrated implicitly.
    /// - Throws: `schema.tooOld` naming both versions and ``migrateCommand``, `schema.tooNew` naming
    ///   both versions (a newer build migrated it), `schema.inconsistent`, `storage.failure`.
    public static func requireCurrent(_ database: PostgresLedgerDatabase) async throws {
        let status = try await status(database)
        if !status.unknown.isEmpty {
            throw LedgerError(
                .schemaTooNew,
                "the PostgreSQL ledger schema is at \(status.version ?? "?"), newer than \(currentVersion), the newest "
                    + "this build of lunas knows: run the lunas release that migrated it (or a newer one)")
        }
        if !status.pending.isEmpty {
            throw LedgerError(
                .schemaTooOld,
                "the PostgreSQL ledger schema is at \(status.version ?? "none (no migration applied)"), older than "
                    + "\(currentVersion), which this build of lunas needs; run `\(migrateCommand)` "
                    + "(pending: \(status.pending.joined(separator: ", ")))")
        }
    }

    /// Applies the pending migrations in one transaction, under an advisory lock so that two
    /// `lunas db migrate` at once apply each migration once. Nothing pending: nothing changes.
    /// - Parameters:
    ///   - database: the database.
    ///   - appliedBy: who runs it, recorded with each migration (`lunas db migrate (role lunas)`).
    /// - Returns: the names of the migrations applied, oldest first (empty when none was pending).
    /// - Throws: `schema.tooNew`, `schema.inconsistent`, `storage.failure` (nothing is changed).
    public static func migrate(_ database: PostgresLedgerDatabase, appliedBy: String) async throws -> [String] {
        try await database.transaction { connection in
            let logger = database.logger
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS lunas_schema_migrations (
                    position BIGINT PRIMARY KEY CHECK (position > 0),
                    name TEXT NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                    applied_by TEXT NOT NULL
                )
                """, logger: logger)
            let status = try await status(on: connection, logger)
            guard status.unknown.isEmpty else {
                throw LedgerError(
                    .schemaTooNew,
                    "the PostgreSQL ledger schema is at \(status.version ?? "?"), newer than \(currentVersion), the "
                        + "newest this build of lunas knows; nothing was changed")
            }
            var position = Int64(status.applied.count)
            for name in status.pending {
                guard let migration = migrations.first(where: { $0.name == name }) else { continue }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                position += 1
                try await connection.query(
                    "INSERT INTO lunas_schema_migrations (position, name, applied_by) VALUES (\(position), \(name), \(appliedBy))",
                    logger: logger)
            }
            return status.pending
        }
    }
}

extension LedgerError.Code {
    /// The PostgreSQL ledger's schema is older than this build needs: run `lunas db migrate`.
    public static let schemaTooOld = LedgerError.Code("schema.tooOld")
    /// The PostgreSQL ledger's schema is newer than this build knows.
    public static let schemaTooNew = LedgerError.Code("schema.tooNew")
    /// The applied migrations do not follow the known order.
    public static let schemaInconsistent = LedgerError.Code("schema.inconsistent")
}
