/// One line of a ticket before it is rendered for a printer or as an image.
enum TicketLine: Hashable, Sendable {
    /// Printable ASCII text that fits one line at its size.
    case text(String, large: Bool, bold: Bool, alignment: ESCPOS.Justification)
    /// The QR code.
    case qrCode
    /// A dashed separator.
    case rule
    /// An empty line.
    case blank
}
