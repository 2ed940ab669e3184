// The Reconciliation module. See DESIGN.md.
