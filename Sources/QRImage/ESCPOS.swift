/// ESC/POS command bytes for receipt printers (Epson ESC/POS Application Programming Guide;
/// the same codes on the cheap 58 mm printers Lunas targets).
///
/// Each function returns the bytes of one command; callers append them into a job.
public enum ESCPOS {
    /// The dots across a 58 mm printer's 48 mm head at 203 dpi.
    public static let dotsPerLine58mm = 384
    /// Characters per line in Font A (12 × 24 dots) on a 384-dot head.
    public static let charactersPerLine58mm = 32

    /// Horizontal alignment for `ESC a`.
    public enum Justification: UInt8, Sendable {
        /// Flush left.
        case left = 0
        /// Centred.
        case center = 1
        /// Flush right.
        case right = 2
    }

    /// `ESC @` (1B 40): clears the print buffer and resets every mode to its default.
    public static let initialize: [UInt8] = [0x1B, 0x40]
    /// `LF` (0A): prints the buffer and feeds one line.
    public static let lineFeed: [UInt8] = [0x0A]

    /// `ESC a n` (1B 61 n): justification for text and raster images on the following lines.
    public static func justify(_ justification: Justification) -> [UInt8] {
        [0x1B, 0x61, justification.rawValue]
    }

    /// `ESC E n` (1B 45 n): emphasised (bold) on or off.
    public static func emphasis(_ on: Bool) -> [UInt8] { [0x1B, 0x45, on ? 1 : 0] }

    /// `GS ! n` (1D 21 n): character width and height multipliers, each clamped to 1...8.
    public static func characterSize(width: Int, height: Int) -> [UInt8] {
        let width = min(max(width, 1), 8)
        let height = min(max(height, 1), 8)
        return [0x1D, 0x21, UInt8((width - 1) << 4 | (height - 1))]
    }

    /// `ESC d n` (1B 64 n): prints the buffer and feeds `lines` lines (0 to 255).
    public static func feed(lines: Int) -> [UInt8] { [0x1B, 0x64, UInt8(clamping: lines)] }

    /// `GS V 66 n` (1D 56 42 n): feeds to the cutter plus `n` dot lines, then cuts partially.
    /// Printers without a cutter ignore it; the feed before it leaves room to tear off.
    public static func feedAndPartialCut(extraDots: Int = 0) -> [UInt8] {
        [0x1D, 0x56, 0x42, UInt8(clamping: extraDots)]
    }

    /// `GS v 0 m xL xH yL yH d1...dk` (1D 76 30 00 ...): prints a raster bit image, normal size.
    ///
    /// `x` is the bytes per row and `y` the rows, both little-endian; the data is row-major with
    /// the leftmost dot in each byte's most significant bit and 1 printing black, exactly
    /// ``MonochromeBitmap``'s layout. Send it at the start of a line.
    /// - Throws: ``QRImageError`` with code `doesNotFit` beyond 65,535 bytes per row or 4,095 rows.
    public static func rasterImage(_ bitmap: MonochromeBitmap) throws -> [UInt8] {
        guard bitmap.bytesPerRow <= 0xFFFF, bitmap.height <= 4095 else {
            throw QRImageError(
                code: .doesNotFit,
                message: "a GS v 0 raster image is at most 4095 rows; this one is \(bitmap.width)×\(bitmap.height) dots"
            )
        }
        var bytes: [UInt8] = [0x1D, 0x76, 0x30, 0x00]
        bytes.reserveCapacity(8 + bitmap.bits.count)
        bytes += littleEndian(bitmap.bytesPerRow)
        bytes += littleEndian(bitmap.height)
        bytes += bitmap.bits
        return bytes
    }

    /// The `GS ( k` (cn 49) commands that make a printer encode and print a QR code itself:
    /// model 2 (fn 65), module size (fn 67), error correction (fn 69), store data (fn 80) and
    /// print (fn 81).
    ///
    /// Many cheap 58 mm printers lack this command or print garbage, and the printer's own encoder
    /// may choose non-byte modes, so Lunas prints raster images by default and offers this only
    /// for printers known to support it. Leave the quiet zone around it yourself (feed lines).
    /// - Parameters:
    ///   - payload: The bytes to encode; 1 to 7,089 of them (fn 80's `pL pH` counts them plus 3).
    ///   - moduleSize: Dots per module, 1 to 16.
    ///   - errorCorrection: The level; M by default.
    /// - Throws: ``QRImageError`` with code `invalidOption`, `emptyPayload` or `payloadTooLong`.
    public static func nativeQRCode(
        _ payload: [UInt8], moduleSize: Int, errorCorrection: QRErrorCorrection = .medium
    ) throws -> [UInt8] {
        guard !payload.isEmpty else { throw QRImageError.emptyPayload() }
        guard payload.count <= errorCorrection.byteCapacity else {
            throw QRImageError.payloadTooLong(byteCount: payload.count, level: errorCorrection)
        }
        guard (1...16).contains(moduleSize) else {
            throw QRImageError.invalidOption("module size", moduleSize, expected: "1 to 16 dots for GS ( k")
        }
        let level: UInt8 =
            switch errorCorrection {
            case .low: 48
            case .medium: 49
            case .quartile: 50
            case .high: 51
            }
        var bytes: [UInt8] = []
        bytes += [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]  // fn 65: model 2
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, UInt8(moduleSize)]  // fn 67: module size
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, level]  // fn 69: error correction
        bytes += [0x1D, 0x28, 0x6B] + littleEndian(payload.count + 3) + [0x31, 0x50, 0x30]  // fn 80: store
        bytes += payload
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]  // fn 81: print
        return bytes
    }

    private static func littleEndian(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]
    }
}
