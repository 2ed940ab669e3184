extension TicketContent {
    /// The ticket as one complete ESC/POS print job for a thermal printer.
    ///
    /// The job is `ESC @` (initialise), then every line as `ESC a n` (justify), `GS ! n`
    /// (size), `ESC E n` (bold), ASCII text and `LF`; the QR code as a centred `GS v 0` raster
    /// with the largest whole dots per module that fit (or `GS ( k` when asked); and finally
    /// `ESC d 4` and `GS V 66 0` to feed and cut. Text is folded to printable ASCII, so it prints
    /// on any code page and cannot carry printer commands.
    /// - Parameter options: Printer width and QR mode; a 58 mm raster printer by default.
    /// - Throws: ``QRImageError``: `invalidTicket` for a missing field, or a QR encoding error.
    public func escposJob(options: TicketPrintOptions = TicketPrintOptions()) throws -> [UInt8] {
        try validate()
        let matrix = kind == .payable ? try QRMatrix(payload: qrPayload, errorCorrection: errorCorrection) : nil
        var job = ESCPOS.initialize
        for line in layout() {
            switch line {
            case .text(let text, let large, let bold, let alignment):
                job += ESCPOS.justify(alignment)
                job += ESCPOS.characterSize(width: large ? 2 : 1, height: large ? 2 : 1)
                job += ESCPOS.emphasis(bold)
                job += Array(text.utf8)
                job += ESCPOS.lineFeed
            case .qrCode:
                guard let matrix else { continue }
                job += ESCPOS.justify(.center)
                switch options.qrCodeMode {
                case .raster:
                    job += try matrix.escposRaster(dotsPerLine: options.dotsPerLine)
                case .native:
                    let dots = min(16, try matrix.escposDotsPerModule(dotsPerLine: options.dotsPerLine))
                    // The printer draws no quiet zone: a blank line above and below gives 24 dots.
                    job += ESCPOS.lineFeed
                    job += try ESCPOS.nativeQRCode(
                        Array(qrPayload.utf8), moduleSize: dots, errorCorrection: errorCorrection)
                    job += ESCPOS.lineFeed
                }
            case .rule:
                job += ESCPOS.justify(.left)
                job += ESCPOS.characterSize(width: 1, height: 1)
                job += ESCPOS.emphasis(false)
                job += Array(String(repeating: "-", count: Self.normalLineWidth).utf8)
                job += ESCPOS.lineFeed
            case .blank:
                job += ESCPOS.lineFeed
            }
        }
        job += ESCPOS.feed(lines: 4)
        job += ESCPOS.feedAndPartialCut()
        return job
    }
}
