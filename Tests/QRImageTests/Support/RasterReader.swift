/// Turns an ESC/POS `GS v 0` raster command back into a picture, as a printer would print it.
enum RasterReader {
    struct Raster {
        var mode: UInt8
        var bytesPerRow: Int
        var rows: Int
        var image: PixelImage
        /// The number of bytes the command took, header included.
        var length: Int
    }

    /// Reads the `GS v 0` command that starts at `offset` in `bytes`, or nil if there is none.
    /// Format: `1D 76 30 m xL xH yL yH d1...dk`, k = x × y, MSB leftmost, 1 = black.
    static func read(_ bytes: [UInt8], at offset: Int) -> Raster? {
        guard offset + 8 <= bytes.count, Array(bytes[offset..<offset + 3]) == [0x1D, 0x76, 0x30] else { return nil }
        let mode = bytes[offset + 3]
        let x = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8
        let y = Int(bytes[offset + 6]) | Int(bytes[offset + 7]) << 8
        let start = offset + 8
        guard start + x * y <= bytes.count else { return nil }
        var dark = [Bool](repeating: false, count: x * 8 * y)
        for row in 0..<y {
            for column in 0..<(x * 8) {
                let byte = bytes[start + row * x + column / 8]
                dark[row * x * 8 + column] = byte & (0x80 >> UInt8(column % 8)) != 0
            }
        }
        return Raster(
            mode: mode, bytesPerRow: x, rows: y, image: PixelImage(width: x * 8, height: y, dark: dark),
            length: 8 + x * y)
    }

    /// The first `GS v 0` command anywhere in `bytes`, with its offset.
    static func first(in bytes: [UInt8]) -> (offset: Int, raster: Raster)? {
        var index = 0
        while index + 3 <= bytes.count {
            if bytes[index] == 0x1D, bytes[index + 1] == 0x76, bytes[index + 2] == 0x30,
                let raster = read(bytes, at: index)
            {
                return (index, raster)
            }
            index += 1
        }
        return nil
    }
}
