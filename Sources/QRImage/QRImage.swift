// The QRImage module. See DESIGN.md.
