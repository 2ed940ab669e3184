import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite
import Logging
import LunasTestSupport
import Testing

/// The versioned PostgreSQL schema (issue #18): `pg-v1` is the SQLite ledger after `v10-offline`,
/// `pg-v2` its `v12` and `v13`, applied only by an explicit migration, once; a schema older or
/// newer than the build is refused.
@Suite(
    "PostgresLedgerSchema on a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason)
)
struct PostgresLedgerSchemaTests {
    static let logger: Logger = {
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .error
        return logger
    }()

    @Test(
        "migrate applies pg-v1, pg-v2, pg-v3-settlement-withdrawals, pg-v4-day-totals, pg-v5-node-state, pg-v6-byte-order and pg-v7-copy-marker once in one transaction; the second run applies nothing; the check passes after"
    )
    func migrateOnce() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                // Never implicit: an empty database is refused, naming both versions and the command.
                let refusal = await #expect(throws: LedgerError.self) {
                    try await PostgresLedgerSchema.requireCurrent(database)
                }
                #expect(refusal?.code == .schemaTooOld)
                #expect(refusal?.message.contains("none (no migration applied)") == true, "\(refusal?.message ?? "")")
                #expect(refusal?.message.contains("pg-v7-copy-marker") == true)
                #expect(refusal?.message.contains("lunas db migrate") == true)

                #expect(
                    try await PostgresLedgerSchema.migrate(database, appliedBy: "test") == [
                        "pg-v1", "pg-v2", "pg-v3-settlement-withdrawals", "pg-v4-day-totals", "pg-v5-node-state",
                        "pg-v6-byte-order", "pg-v7-copy-marker",
                    ])
                #expect(try await PostgresLedgerSchema.migrate(database, appliedBy: "test") == [])
                try await PostgresLedgerSchema.requireCurrent(database)
                let status = try await PostgresLedgerSchema.status(database)
                #expect(
                    status.applied == [
                        "pg-v1", "pg-v2", "pg-v3-settlement-withdrawals", "pg-v4-day-totals", "pg-v5-node-state",
                        "pg-v6-byte-order", "pg-v7-copy-marker",
                    ] && status.pending.isEmpty && status.unknown.isEmpty)
            }
            let rows = try await PostgresTestServer.psql(
                "SELECT position, name, applied_by FROM lunas_schema_migrations", database: server.database)
            #expect(
                rows
                    == "1|pg-v1|test\n2|pg-v2|test\n3|pg-v3-settlement-withdrawals|test\n4|pg-v4-day-totals|test\n"
                    + "5|pg-v5-node-state|test\n6|pg-v6-byte-order|test\n7|pg-v7-copy-marker|test\n")
        }
    }

    @Test("four migrations at once apply each migration exactly once (the advisory lock)")
    func concurrentMigrations() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                            try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(
                applied.filter {
                    $0 == [
                        "pg-v1", "pg-v2", "pg-v3-settlement-withdrawals", "pg-v4-day-totals", "pg-v5-node-state",
                        "pg-v6-byte-order", "pg-v7-copy-marker",
                    ]
                }.count == 1, "\(applied)")
            #expect(applied.filter(\.isEmpty).count == 3, "\(applied)")
        }
    }

    @Test("a schema newer than the build is refused by the check and by migrate, naming both versions; nothing changes")
    func newerRefused() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                _ = try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                try await PostgresTestServer.psql(
                    "INSERT INTO lunas_schema_migrations (position, name, applied_by) VALUES (8, 'pg-v99', 'a newer lunas')",
                    database: server.database)
                let check = await #expect(throws: LedgerError.self) {
                    try await PostgresLedgerSchema.requireCurrent(database)
                }
                #expect(check?.code == .schemaTooNew)
                #expect(
                    check?.message.contains("pg-v99") == true && check?.message.contains("pg-v7-copy-marker") == true)
                let migrate = await #expect(throws: LedgerError.self) {
                    try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                }
                #expect(migrate?.code == .schemaTooNew)
            }
            #expect(
                try await PostgresTestServer.psql(
                    "SELECT count(*) FROM lunas_schema_migrations", database: server.database)
                    == "8\n")
        }
    }

    @Test("events are append-only on PostgreSQL too: UPDATE, DELETE and TRUNCATE are refused")
    func appendOnly() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let hash = "'\\x" + String(repeating: "00", count: 32) + "'"
            try await PostgresTestServer.psql(
                "INSERT INTO events VALUES (1, 'device.enrolled', 'dev-1', 0, '{}', \(hash), \(hash))",
                database: server.database)
            for statement in ["UPDATE events SET payload = '{\"x\":1}'", "DELETE FROM events", "TRUNCATE events"] {
                await #expect(throws: ChildProcess.Failure.self, "\(statement)") {
                    try await PostgresTestServer.psql(statement, database: server.database)
                }
            }
            #expect(
                try await PostgresTestServer.psql("SELECT payload FROM events", database: server.database) == "{}\n")
        }
    }

    @Test(
        "pg-v1 … pg-v6-byte-order have the tables, columns, types, NOT NULLs, unique constraints and indexes of SQLite's newest schema, besides the node state (node_*)"
    )
    func sameShapeAsSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-pgshape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        _ = try await SQLiteLedgerStore.open(path: path)
        let sqlite = try TestExecutable.onPath("sqlite3")
        func sqliteRows(_ sql: String) async throws -> Set<String> {
            let result = try await ChildProcess.run(sqlite, ["-readonly", path, sql])
            #expect(result.succeeded, "\(result)")
            return Set(result.stdoutText.split(separator: "\n").map(String.init))
        }
        let tables = "m.type = 'table' AND m.name NOT IN ('grdb_migrations', 'sqlite_sequence')"
        let sqliteColumns = try await sqliteRows(
            """
            SELECT m.name || '|' || p.name || '|' || CASE upper(p.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'BLOB' THEN 'bytea'
                ELSE lower(p.type) END || '|' || CASE WHEN p."notnull" = 1 OR p.pk > 0 THEN 'NO' ELSE 'YES' END
            FROM sqlite_master m, pragma_table_info(m.name) p WHERE \(tables)
            """)
        // Unique constraints and primary keys, as "table|column,column" (an INTEGER PRIMARY KEY of a
        // rowid table has no index in SQLite, so keys come from the columns).
        let sqliteUniques = try await sqliteRows(
            """
            SELECT m.name || '|' || (SELECT group_concat(name, ',') FROM (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.name))
            FROM sqlite_master m, pragma_index_list(m.name) il WHERE \(tables) AND il.origin = 'u'
            """
        ).union(
            try await sqliteRows(
                """
                SELECT m.name || '|' || (SELECT group_concat(name, ',') FROM (SELECT p.name FROM pragma_table_info(m.name) p WHERE p.pk > 0 ORDER BY p.name))
                FROM sqlite_master m WHERE \(tables)
                """))
        let sqliteIndexes = try await sqliteRows(
            "SELECT m.name || '|' || m.tbl_name || '|' || (m.sql LIKE 'CREATE UNIQUE%') FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL"
        )
        let sqliteForeignKeys = try await sqliteRows(
            "SELECT m.name || '|' || f.\"from\" || '|' || f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE \(tables)"
        )

        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            func rows(_ sql: String) async throws -> Set<String> {
                Set(
                    try await PostgresTestServer.psql(sql, database: server.database).split(separator: "\n").map(
                        String.init))
            }
            // The node state (`pg-v5-node-state`) is what SQLite keeps in files, not in the ledger.
            let ours =
                "table_schema = 'public' AND table_name <> 'lunas_schema_migrations' AND table_name NOT LIKE 'node\\_%'"
            #expect(
                try await rows(
                    "SELECT table_name || '|' || column_name || '|' || data_type || '|' || is_nullable FROM information_schema.columns WHERE \(ours)"
                ) == sqliteColumns)
            #expect(
                try await rows(
                    """
                    SELECT c.conrelid::regclass::text || '|' || (SELECT string_agg(a.attname, ',' ORDER BY a.attname)
                        FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey))
                    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                    WHERE n.nspname = 'public' AND c.contype IN ('u', 'p') AND c.conrelid::regclass::text <> 'lunas_schema_migrations'
                        AND c.conrelid::regclass::text NOT LIKE 'node\\_%'
                    """) == sqliteUniques)
            #expect(
                try await rows(
                    """
                    SELECT i.indexname || '|' || i.tablename || '|' || (i.indexdef LIKE 'CREATE UNIQUE%')::int FROM pg_indexes i
                    WHERE i.schemaname = 'public' AND i.tablename NOT LIKE 'node\\_%'
                        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                    """) == sqliteIndexes)
            #expect(
                try await rows(
                    """
                    SELECT c.conrelid::regclass::text || '|' || a.attname || '|' || c.confrelid::regclass::text
                    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.contype = 'f'
                    """) == sqliteForeignKeys)
        }
    }
}
