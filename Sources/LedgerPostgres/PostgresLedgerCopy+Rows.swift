import Ledger
import LedgerSQL

extension PostgresLedgerCopy {
    /// The tables whose rows `lunas ledger copy` carries over, with their columns, in the order they
    /// were created (a table's foreign keys name earlier ones): every table of the ledger's schema
    /// but the event log and its head (copied event by event), the schema's own bookkeeping and a
    /// node's state (`node_*`, copied from the data directory's files).
    package static func rowTables(_ session: PostgresSession) throws -> [LedgerRowCopy.Table] {
        try session.rows(
            """
            SELECT c.relname AS name, string_agg(a.attname, ',' ORDER BY a.attnum) AS columns
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            WHERE c.relkind = 'r' AND c.relname NOT IN ('events', 'chain_head', 'lunas_schema_migrations')
                AND c.relname NOT LIKE 'node\\_%'
            GROUP BY c.oid, c.relname ORDER BY c.oid
            """, []
        ).map { row in
            LedgerRowCopy.Table(
                name: try row.text("name"), columns: try row.text("columns").split(separator: ",").map(String.init))
        }
    }

    /// Whether any table a copy carries holds a row (the rows were copied: they go in one transaction).
    package static func rowsPresent(_ session: PostgresSession, _ tables: [LedgerRowCopy.Table]) throws -> Bool {
        let probes = tables.map { "EXISTS (SELECT 1 FROM \($0.name))" }.joined(separator: " OR ")
        return try session.bool("SELECT \(probes.isEmpty ? "false" : probes)") ?? false
    }

    /// Moves every identity column's sequence past the copied ids (`staff_audit.id`), so that the
    /// next row the target writes does not take a copied one's.
    package static func advanceIdentities(_ session: PostgresSession) throws {
        let identities = try session.rows(
            """
            SELECT c.relname AS name, a.attname AS column_name
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            WHERE a.attidentity <> '' AND c.relname NOT LIKE 'node\\_%'
            """, [])
        for row in identities {
            let table = try row.text("name")
            let column = try row.text("column_name")
            try session.execute(
                """
                SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'),
                    coalesce((SELECT max(\(column)) FROM \(table)), 0) + 1, false)
                """, [])
        }
    }
}
