// The LedgerSQLite module. See DESIGN.md.
