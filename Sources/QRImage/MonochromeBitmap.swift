/// A black-and-white image, one bit per pixel.
///
/// Rows are packed most-significant bit first (the leftmost pixel is bit 7 of the row's first
/// byte) and a set bit is black ink. That is the layout ESC/POS `GS v 0` expects; the PNG writer
/// inverts it, because PNG greyscale 0 is black.
public struct MonochromeBitmap: Sendable, Hashable {
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    /// Bytes per row: `ceil(width / 8)`; unused bits at the end of a row are 0 (white).
    public let bytesPerRow: Int
    /// The packed rows, `bytesPerRow × height` bytes, top row first.
    public internal(set) var bits: [UInt8]

    /// Creates an all-white bitmap; a width or height below 1 is taken as 1.
    public init(width: Int, height: Int) {
        self.width = max(width, 1)
        self.height = max(height, 1)
        self.bytesPerRow = (self.width + 7) / 8
        self.bits = [UInt8](repeating: 0, count: bytesPerRow * self.height)
    }

    /// Whether the pixel at column `x`, row `y` is black; pixels outside the bitmap are white.
    public func isBlack(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        return bits[y * bytesPerRow + x >> 3] & (0x80 >> UInt8(x & 7)) != 0
    }

    /// Paints a rectangle black; the parts outside the bitmap are ignored.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int) {
        let x0 = max(0, x)
        let x1 = min(width, x + w)
        let y0 = max(0, y)
        let y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let stride = bytesPerRow
        bits.withUnsafeMutableBufferPointer { buffer in
            for row in y0..<y1 {
                Self.setRun(in: buffer, rowStart: row * stride, from: x0, to: x1)
            }
        }
    }

    /// Copies another bitmap's black pixels onto this one with its top-left corner at (`x`, `y`).
    public mutating func draw(_ other: MonochromeBitmap, x: Int, y: Int) {
        for row in 0..<other.height {
            var column = 0
            while column < other.width {
                guard other.isBlack(x: column, y: row) else {
                    column += 1
                    continue
                }
                var end = column + 1
                while end < other.width && other.isBlack(x: end, y: row) { end += 1 }
                fill(x: x + column, y: y + row, width: end - column, height: 1)
                column = end
            }
        }
    }

    /// Sets pixels `from..<to` of the row that starts at byte `rowStart`.
    static func setRun(in buffer: UnsafeMutableBufferPointer<UInt8>, rowStart: Int, from: Int, to: Int) {
        var x = from
        while x < to {
            if x & 7 == 0 && to - x >= 8 {
                buffer[rowStart + x >> 3] = 0xFF
                x += 8
            } else {
                buffer[rowStart + x >> 3] |= 0x80 >> UInt8(x & 7)
                x += 1
            }
        }
    }
}
