extension QRMatrix {
    /// Renders the symbol in `format` with each format's defaults.
    /// - Parameters:
    ///   - format: The output format.
    ///   - scale: Pixels per module (PNG, SVG; default 8) or printer dots per module (ESC/POS;
    ///     default the largest that fits 384 dots). Ignored for text.
    /// - Returns: The file's bytes (UTF-8 for SVG and text).
    /// - Throws: ``QRImageError`` with code `invalidOption` or `doesNotFit` for a bad scale.
    public func render(_ format: QRImageFormat, scale: Int? = nil) throws -> [UInt8] {
        switch format {
        case .png: try png(scale: scale ?? 8)
        case .svg: Array(try svg(scale: scale ?? 8).utf8)
        case .escpos: try escposJob(dotsPerModule: scale)
        case .text: Array(terminalText().utf8)
        }
    }
}
