extension QRMatrix {
    /// Renders the symbol as a 1-bit greyscale PNG with a 4-module white quiet zone.
    /// - Parameters:
    ///   - scale: Pixels per module, 1 to 64; 8 by default (520 px for a version-10 code).
    ///   - compression: Fast (default) or small; both are lossless.
    /// - Throws: ``QRImageError`` with code `invalidOption` for a bad scale, or a zlib failure.
    public func png(scale: Int = 8, compression: PNGWriter.Compression = .fast) throws -> [UInt8] {
        try PNGWriter.encode(bitmap(scale: scale), compression: compression)
    }
}
