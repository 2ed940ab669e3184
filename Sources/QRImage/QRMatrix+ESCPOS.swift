extension QRMatrix {
    /// The largest whole number of printer dots per module at which the symbol and its 4-module
    /// quiet zone fit across the head: `floor(dotsPerLine / (size + 8))`.
    /// - Parameter dotsPerLine: The printable dots across the head; 384 on 58 mm printers.
    /// - Throws: ``QRImageError`` with code `doesNotFit` when not even one dot per module fits.
    public func escposDotsPerModule(dotsPerLine: Int = ESCPOS.dotsPerLine58mm) throws -> Int {
        let dots = dotsPerLine / sizeWithQuietZone
        guard dots >= 1 else {
            throw QRImageError(
                code: .doesNotFit,
                message: "a version-\(version) code needs \(sizeWithQuietZone) dots with its quiet zone; "
                    + "the printer has \(dotsPerLine)")
        }
        return dots
    }

    /// The `GS v 0` raster command that prints the symbol with its quiet zone.
    /// - Parameters:
    ///   - dotsPerLine: The printable dots across the head; 384 on 58 mm printers.
    ///   - dotsPerModule: Dots per module, or `nil` for the largest that fits.
    /// - Throws: ``QRImageError`` with code `doesNotFit` or `invalidOption`.
    public func escposRaster(
        dotsPerLine: Int = ESCPOS.dotsPerLine58mm, dotsPerModule: Int? = nil
    ) throws -> [UInt8] {
        let largest = try escposDotsPerModule(dotsPerLine: dotsPerLine)
        let dots = dotsPerModule ?? largest
        guard (1...largest).contains(dots) else {
            throw QRImageError(
                code: .doesNotFit,
                message: "\(dots) dots per module make a version-\(version) code \(dots * sizeWithQuietZone) dots "
                    + "wide with its quiet zone; the printer has \(dotsPerLine), so use 1 to \(largest)")
        }
        return try ESCPOS.rasterImage(bitmap(scale: dots))
    }

    /// A complete print job for the symbol alone: `ESC @`, centre, the `GS v 0` raster, and a
    /// feed of four lines so the code clears the tear bar.
    /// - Parameters:
    ///   - dotsPerLine: The printable dots across the head; 384 on 58 mm printers.
    ///   - dotsPerModule: Dots per module, or `nil` for the largest that fits.
    /// - Throws: ``QRImageError`` with code `doesNotFit` or `invalidOption`.
    public func escposJob(dotsPerLine: Int = ESCPOS.dotsPerLine58mm, dotsPerModule: Int? = nil) throws -> [UInt8] {
        var job = ESCPOS.initialize
        job += ESCPOS.justify(.center)
        job += try escposRaster(dotsPerLine: dotsPerLine, dotsPerModule: dotsPerModule)
        job += ESCPOS.feed(lines: 4)
        return job
    }

    /// A complete print job that has the printer draw the code itself with `GS ( k`: `ESC @`,
    /// centre, a blank line, the QR commands, a blank line and a feed of four lines.
    ///
    /// The module size defaults to what our own raster would use (at most 16, the command's
    /// limit), so the printed code has the same size either way.
    /// - Parameters:
    ///   - payload: The bytes to encode; the same bytes this matrix was built from.
    ///   - dotsPerLine: The printable dots across the head; 384 on 58 mm printers.
    ///   - moduleSize: Dots per module, 1 to 16, or `nil` for the largest that fits.
    /// - Throws: ``QRImageError`` with code `doesNotFit` or `invalidOption`.
    public func escposNativeJob(
        payload: [UInt8], dotsPerLine: Int = ESCPOS.dotsPerLine58mm, moduleSize: Int? = nil
    ) throws -> [UInt8] {
        let largest = try escposDotsPerModule(dotsPerLine: dotsPerLine)
        let dots = moduleSize ?? min(16, largest)
        guard dots <= largest else {
            throw QRImageError(
                code: .doesNotFit,
                message: "\(dots) dots per module make a version-\(version) code \(dots * sizeWithQuietZone) dots "
                    + "wide with its quiet zone; the printer has \(dotsPerLine), so use 1 to \(largest)")
        }
        var job = ESCPOS.initialize + ESCPOS.justify(.center) + ESCPOS.lineFeed
        job += try ESCPOS.nativeQRCode(payload, moduleSize: dots, errorCorrection: errorCorrection)
        return job + ESCPOS.lineFeed + ESCPOS.feed(lines: 4)
    }
}
