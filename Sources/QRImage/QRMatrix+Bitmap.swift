extension QRMatrix {
    /// The widest image, in pixels, a renderer makes (so one request cannot take gigabytes).
    public static let maximumImageSide = 8192

    /// Rasterises the symbol with its 4-module white quiet zone, black on white.
    ///
    /// Each module becomes a `scale × scale` square, so the bitmap is
    /// `(size + 8) × scale` pixels on each side.
    /// - Parameter scale: Pixels (or printer dots) per module, 1 to 64.
    /// - Throws: ``QRImageError`` with code `invalidOption` when `scale` is out of range or the image
    ///   would be wider than ``maximumImageSide``.
    public func bitmap(scale: Int) throws -> MonochromeBitmap {
        guard (1...64).contains(scale) else {
            throw QRImageError.invalidOption("scale", scale, expected: "1 to 64 pixels per module")
        }
        let side = sizeWithQuietZone * scale
        guard side <= Self.maximumImageSide else {
            throw QRImageError.invalidOption(
                "scale", scale,
                expected: "at most \(Self.maximumImageSide / sizeWithQuietZone) for a version-\(version) code "
                    + "(the image would be \(side) px wide; the limit is \(Self.maximumImageSide))")
        }
        var bitmap = MonochromeBitmap(width: side, height: side)
        let stride = bitmap.bytesPerRow
        let quiet = Self.quietZone
        modules.withUnsafeBufferPointer { modules in
            bitmap.bits.withUnsafeMutableBufferPointer { buffer in
                for row in 0..<size {
                    let first = (row + quiet) * scale * stride
                    // Paint the first pixel row of this module row, then copy it down.
                    var column = 0
                    while column < size {
                        guard modules[row * size + column] != 0 else {
                            column += 1
                            continue
                        }
                        var end = column + 1
                        while end < size && modules[row * size + end] != 0 { end += 1 }
                        MonochromeBitmap.setRun(
                            in: buffer, rowStart: first, from: (column + quiet) * scale, to: (end + quiet) * scale)
                        column = end
                    }
                    guard let base = buffer.baseAddress else { continue }
                    for copy in 1..<scale {
                        (base + first + copy * stride).update(from: base + first, count: stride)
                    }
                }
            }
        }
        return bitmap
    }
}
