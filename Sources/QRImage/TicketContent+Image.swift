extension TicketContent {
    /// Dots per font dot for normal text: 12 × 16 cells, 32 characters on 384 dots.
    static let normalTextScale = 2
    /// Dots per font dot for large text: 24 × 32 cells, 16 characters on 384 dots.
    static let largeTextScale = 4

    /// The ticket as a 1-bit image for handhelds that print pictures: the same lines as
    /// ``escposJob(options:)``, drawn with Lunas's 5 × 7 bitmap font, and the QR code at the
    /// largest whole pixels per module that fit the width with its quiet zone.
    /// - Parameter width: The image width in pixels; 384 for a 58 mm printer.
    /// - Throws: ``QRImageError``: `invalidTicket`, `invalidOption` for a width under 192 or
    ///   over 2048, or a QR encoding error.
    public func bitmap(width: Int = ESCPOS.dotsPerLine58mm) throws -> MonochromeBitmap {
        try validate()
        guard (192...2048).contains(width) else {
            throw QRImageError.invalidOption("ticket width", width, expected: "192 to 2048 pixels")
        }
        let qr: MonochromeBitmap
        if kind == .payable {
            let matrix = try QRMatrix(payload: qrPayload, errorCorrection: errorCorrection)
            qr = try matrix.bitmap(scale: try matrix.escposDotsPerModule(dotsPerLine: width))
        } else {
            qr = MonochromeBitmap(width: 1, height: 1)  // no `.qrCode` line is laid out
        }
        let lines = layout()
        let margin = 16
        let height = margin * 2 + lines.reduce(0) { $0 + Self.height(of: $1, qrHeight: qr.height) }

        var image = MonochromeBitmap(width: width, height: height)
        var y = margin
        for line in lines {
            switch line {
            case .text(let text, let large, let bold, let alignment):
                let scale = large ? Self.largeTextScale : Self.normalTextScale
                let textWidth = BitmapFont.width(ofCharacters: text.utf8.count, scale: scale)
                let x =
                    switch alignment {
                    case .left: 0
                    case .center: max(0, (width - textWidth) / 2)
                    case .right: max(0, width - textWidth)
                    }
                BitmapFont.draw(text, into: &image, x: x, y: y, scale: scale, bold: bold)
            case .qrCode:
                image.draw(qr, x: (width - qr.width) / 2, y: y)
            case .rule:
                for x in stride(from: 0, to: width, by: 8) {
                    image.fill(x: x, y: y + 5, width: 5, height: 2)
                }
            case .blank:
                break
            }
            y += Self.height(of: line, qrHeight: qr.height)
        }
        return image
    }

    /// The ticket image as a 1-bit greyscale PNG, 384 pixels wide by default.
    /// - Throws: as ``bitmap(width:)``, or a zlib failure.
    public func pngImage(width: Int = ESCPOS.dotsPerLine58mm) throws -> [UInt8] {
        try PNGWriter.encode(bitmap(width: width))
    }

    private static func height(of line: TicketLine, qrHeight: Int) -> Int {
        switch line {
        case .text(_, let large, _, _):
            (large ? largeTextScale : normalTextScale) * BitmapFont.cellHeight + 4
        case .qrCode: qrHeight
        case .rule: 12
        case .blank: 12
        }
    }
}
