extension QRMatrix {
    /// Renders the symbol as a scalable SVG document: a white background and one black path.
    ///
    /// The view box is the symbol plus its 4-module quiet zone, one unit per module; each run of
    /// dark modules in a row is one `M x y h n v1 h-n z` sub-path, and `shape-rendering="crispEdges"`
    /// keeps module edges sharp at any size.
    /// - Parameter scale: The intrinsic `width`/`height` in pixels per module, 1 to 64; 8 by default.
    /// - Throws: ``QRImageError`` with code `invalidOption` when `scale` is out of range.
    public func svg(scale: Int = 8) throws -> String {
        guard (1...64).contains(scale) else {
            throw QRImageError.invalidOption("scale", scale, expected: "1 to 64 pixels per module")
        }
        let side = sizeWithQuietZone
        let quiet = Self.quietZone
        // Built as bytes: string interpolation per run costs several allocations each.
        var path: [UInt8] = []
        path.reserveCapacity(size * size * 2)
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(x: column, y: row) else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < size && isDark(x: end, y: row) { end += 1 }
                let run = end - column
                path.append(UInt8(ascii: "M"))
                Self.appendDecimal(column + quiet, to: &path)
                path.append(UInt8(ascii: " "))
                Self.appendDecimal(row + quiet, to: &path)
                path.append(UInt8(ascii: "h"))
                Self.appendDecimal(run, to: &path)
                path += [UInt8(ascii: "v"), UInt8(ascii: "1"), UInt8(ascii: "h"), UInt8(ascii: "-")]
                Self.appendDecimal(run, to: &path)
                path.append(UInt8(ascii: "z"))
                column = end
            }
        }
        let pathText = String(decoding: path, as: UTF8.self)
        let pixels = side * scale
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(pixels)" height="\(pixels)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">
            <rect width="\(side)" height="\(side)" fill="#ffffff"/>
            <path fill="#000000" d="\(pathText)"/>
            </svg>

            """
    }

    /// Appends a non-negative integer's decimal digits (at most three for a QR coordinate).
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 100 { bytes.append(UInt8(ascii: "0") + UInt8(value / 100)) }
        if value >= 10 { bytes.append(UInt8(ascii: "0") + UInt8(value / 10 % 10)) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
