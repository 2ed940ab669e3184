// The Acquirer module. See DESIGN.md.
