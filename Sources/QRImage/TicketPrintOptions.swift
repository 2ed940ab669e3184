/// How ``TicketContent/escposJob(options:)`` prints a ticket.
public struct TicketPrintOptions: Sendable, Hashable {
    /// How the QR code reaches the paper.
    public enum QRCodeMode: Sendable, Hashable {
        /// A `GS v 0` raster image of our own libqrencode symbol. The default: every ESC/POS
        /// printer with raster support prints it, and it is the symbol the tests decode.
        case raster
        /// The printer's own `GS ( k` QR command: 222 bytes instead of about 13 kB, for printers
        /// known to support it (many cheap 58 mm models do not).
        case native
    }

    /// The printable dots across the head; 384 on 58 mm printers.
    public var dotsPerLine: Int
    /// Raster (default) or the printer's native QR command.
    public var qrCodeMode: QRCodeMode

    /// Creates options; the defaults suit a 58 mm printer.
    public init(dotsPerLine: Int = ESCPOS.dotsPerLine58mm, qrCodeMode: QRCodeMode = .raster) {
        self.dotsPerLine = dotsPerLine
        self.qrCodeMode = qrCodeMode
    }
}
