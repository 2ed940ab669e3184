import CQRencode
import Foundation

/// The modules of one QR code symbol, encoded by libqrencode in byte mode.
///
/// EMVCo MPM §4.12.1.1 requires every QRIS payload to be encoded in byte mode, so the matrix is
/// always built from one 8-bit segment (behind an ECI 26 header for non-ASCII payloads), as
/// `QRcode_encodeData` builds it. libqrencode places the data and error-correction modules; the
/// data mask is chosen by ``QRMaskEvaluator``, which scores masks exactly as libqrencode does but
/// several times faster, so the symbol is the one `QRcode_encodeData` would give — checked once
/// per process (``QRMaskChoiceCheck``), with `QRcode_encodeData` as the fallback. libqrencode's
/// string API is never used: it mixes numeric and alphanumeric segments and, when not
/// case-sensitive, upper-cases the payload.
///
/// The version is the smallest that holds the payload at the chosen error-correction level. The
/// matrix does not include the quiet zone; every renderer adds ``quietZone`` modules of white.
///
/// libqrencode 4.x built with pthreads (Debian's build) guards its only shared state, the
/// Reed-Solomon generator cache, with a mutex, so matrices can be built from concurrent tasks.
public struct QRMatrix: Sendable, Hashable {
    /// The width of the white border every renderer draws around the symbol, in modules
    /// (ISO/IEC 18004 §6.3.8 asks for at least 4).
    public static let quietZone = 4

    /// The ECI assignment number for UTF-8 (AIM ECI), used when the payload has non-ASCII bytes.
    public static let utf8ECI: UInt32 = 26

    /// The QR version, 1 to 40.
    public let version: Int
    /// The number of modules on each side, without the quiet zone (`17 + 4 × version`).
    public let size: Int
    /// The error-correction level the symbol was encoded with.
    public let errorCorrection: QRErrorCorrection
    /// Whether the symbol starts with an ECI 26 (UTF-8) header; true only for non-ASCII payloads.
    public let hasUTF8ECI: Bool
    /// One byte per module, row-major, 1 for dark and 0 for light.
    let modules: [UInt8]

    /// The number of modules on each side including the quiet zone on both sides.
    public var sizeWithQuietZone: Int { size + 2 * Self.quietZone }

    /// Encodes a text payload as its UTF-8 bytes.
    /// - Parameters:
    ///   - payload: The text to encode, e.g. a QRIS string.
    ///   - errorCorrection: The error-correction level; M by default.
    /// - Throws: ``QRImageError`` (`emptyPayload`, `payloadTooLong`, `invalidArgument`, `outOfMemory`).
    public init(payload: String, errorCorrection: QRErrorCorrection = .medium) throws {
        try self.init(bytes: Array(payload.utf8), errorCorrection: errorCorrection)
    }

    /// Encodes bytes exactly as given, in byte mode.
    ///
    /// An ECI 26 (UTF-8) header is added only when some byte is 0x80 or above, so decoders do not
    /// guess a legacy charset (zbar would read UTF-8 as Shift-JIS); ASCII QRIS payloads stay plain.
    /// - Parameters:
    ///   - bytes: The payload bytes; may contain any value, including NUL.
    ///   - errorCorrection: The error-correction level; M by default.
    /// - Throws: ``QRImageError`` (`emptyPayload`, `payloadTooLong`, `invalidArgument`, `outOfMemory`).
    public init(bytes: [UInt8], errorCorrection: QRErrorCorrection = .medium) throws {
        try self.init(bytes: bytes, errorCorrection: errorCorrection, maskChoice: .lunas)
    }

    /// Who scores the eight data masks: ``lunas`` (``QRMaskEvaluator``, the same choice in a
    /// fraction of the time, used when this process's ``QRMaskChoiceCheck`` passed) or
    /// ``libqrencode`` (`QRcode_encodeData` does everything: the plain path, and the fallback).
    enum MaskChoice {
        case lunas
        case libqrencode
    }

    init(bytes: [UInt8], errorCorrection: QRErrorCorrection, maskChoice: MaskChoice) throws {
        let own = maskChoice == .lunas && QRMaskChoiceCheck.current.usesOwnMaskChoice
        try self.init(bytes: bytes, errorCorrection: errorCorrection, ownMaskChoice: own)
    }

    /// Encodes with Lunas's mask choice when `ownMaskChoice` is true and libqrencode has the
    /// unmasked encoder, else with `QRcode_encodeData`.
    init(bytes: [UInt8], errorCorrection: QRErrorCorrection, ownMaskChoice: Bool) throws {
        guard !bytes.isEmpty else { throw QRImageError.emptyPayload() }
        guard bytes.count <= errorCorrection.byteCapacity else {
            throw QRImageError.payloadTooLong(byteCount: bytes.count, level: errorCorrection)
        }
        let needsECI = bytes.contains { $0 >= 0x80 }
        if ownMaskChoice,
            let matrix = try Self.withOwnMaskChoice(bytes, level: errorCorrection, eci: needsECI ? Self.utf8ECI : nil)
        {
            self = matrix
            return
        }
        let code = try Self.encode(bytes, level: errorCorrection, utf8ECI: needsECI)
        defer { QRcode_free(code) }

        let width = Int(code.pointee.width)
        // Bit 0 is the module colour; the other bits are libqrencode's debugging flags.
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.init(
            version: Int(code.pointee.version), size: width, errorCorrection: errorCorrection, hasUTF8ECI: needsECI,
            modules: data.map { $0 & 1 })
    }

    init(version: Int, size: Int, errorCorrection: QRErrorCorrection, hasUTF8ECI: Bool, modules: [UInt8]) {
        self.version = version
        self.size = size
        self.errorCorrection = errorCorrection
        self.hasUTF8ECI = hasUTF8ECI
        self.modules = modules
    }

    /// The symbol from libqrencode's unmasked frame (``UnmaskedFrame``) with the data mask
    /// ``QRMaskEvaluator`` chooses, or nil when this libqrencode has no unmasked encoder. Unchecked:
    /// ``QRMaskChoiceCheck`` compares it with `QRcode_encodeData` before ``QRMatrix`` relies on it.
    static func withOwnMaskChoice(_ bytes: [UInt8], level: QRErrorCorrection, eci: UInt32?) throws -> QRMatrix? {
        let fail = { (code: Int32) in Self.error(errno: code, byteCount: bytes.count, level: level) }
        guard let frame = try UnmaskedFrame.encode(bytes, level: level, eci: eci, error: fail) else { return nil }
        defer { QRcode_free(frame) }
        let width = Int(frame.pointee.width)
        let version = Int(frame.pointee.version)
        let evaluator = QRMaskEvaluator(
            unmaskedFrame: UnsafeBufferPointer(start: frame.pointee.data, count: width * width), version: version)
        let rows = evaluator.bestMask(level: level).rows
        var modules = [UInt8](repeating: 0, count: width * width)
        for y in 0..<width {
            rows[y].forEachSetBit { modules[y * width + $0] = 1 }
        }
        return QRMatrix(
            version: version, size: width, errorCorrection: level, hasUTF8ECI: eci != nil, modules: modules)
    }

    /// Whether the module at column `x`, row `y` is dark.
    ///
    /// Coordinates count from the symbol's top-left module; positions in the quiet zone (negative
    /// or `>= size`) are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x] != 0
    }

    /// Calls libqrencode and turns a NULL result into a specific error from `errno`.
    private static func encode(
        _ bytes: [UInt8], level: QRErrorCorrection, utf8ECI: Bool
    ) throws -> UnsafeMutablePointer<QRcode> {
        errno = 0
        let result: UnsafeMutablePointer<QRcode>?
        if utf8ECI {
            guard let input = QRinput_new2(0, level.libqrencodeLevel) else {
                throw error(errno: errno, byteCount: bytes.count, level: level)
            }
            defer { QRinput_free(input) }
            guard QRinput_appendECIheader(input, Self.utf8ECI) == 0 else {
                throw error(errno: errno, byteCount: bytes.count, level: level)
            }
            let appended = bytes.withUnsafeBufferPointer {
                QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress)
            }
            guard appended == 0 else { throw error(errno: errno, byteCount: bytes.count, level: level) }
            result = QRcode_encodeInput(input)
        } else {
            result = bytes.withUnsafeBufferPointer {
                QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, level.libqrencodeLevel)
            }
        }
        guard let result else { throw error(errno: errno, byteCount: bytes.count, level: level) }
        return result
    }

    private static func error(errno code: Int32, byteCount: Int, level: QRErrorCorrection) -> QRImageError {
        switch code {
        case ERANGE:
            return .payloadTooLong(byteCount: byteCount, level: level)
        case ENOMEM:
            return QRImageError(
                code: .outOfMemory, message: "libqrencode ran out of memory encoding \(byteCount) bytes")
        case EINVAL:
            return QRImageError(
                code: .invalidArgument,
                message: "libqrencode rejected the input of \(byteCount) bytes at level \(level.rawValue) (EINVAL)")
        default:
            return QRImageError(
                code: .invalidArgument,
                message: "libqrencode failed on \(byteCount) bytes at level \(level.rawValue) (errno \(code))")
        }
    }
}
