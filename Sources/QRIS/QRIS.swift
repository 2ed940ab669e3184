// The QRIS module. See DESIGN.md.
