import CQRencode

/// A QR code's error-correction level (ISO/IEC 18004 §5.3.3).
///
/// Lunas uses ``medium`` by default: it survives scratched or faded thermal paper while keeping a
/// typical dynamic QRIS at version 10, which prints at 5 dots per module on a 58 mm head.
public enum QRErrorCorrection: String, Sendable, CaseIterable, Hashable {
    /// Level L: recovers about 7 % of codewords.
    case low = "L"
    /// Level M: recovers about 15 % of codewords. The default.
    case medium = "M"
    /// Level Q: recovers about 25 % of codewords.
    case quartile = "Q"
    /// Level H: recovers about 30 % of codewords.
    case high = "H"

    /// Parses `L`, `M`, `Q` or `H` (any case).
    /// - Throws: ``QRImageError`` with code `invalidOption` for any other text.
    public init(parsing text: String) throws {
        guard let level = QRErrorCorrection(rawValue: text.uppercased()) else {
            throw QRImageError.invalidOption("error-correction level", "'\(text)'", expected: "L, M, Q or H")
        }
        self = level
    }

    /// The most bytes a version-40 symbol holds in byte mode at this level (ISO/IEC 18004 Table 7).
    public var byteCapacity: Int {
        switch self {
        case .low: 2953
        case .medium: 2331
        case .quartile: 1663
        case .high: 1273
        }
    }

    var libqrencodeLevel: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
