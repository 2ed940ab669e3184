import CQRencode
import Foundation

/// libqrencode's symbol before masking, so that Lunas can choose the mask itself.
///
/// libqrencode's `QRcode_encodeMask(input, mask)` is the function behind `QRcode_encodeInput`; its
/// debugging value `mask = -2` returns the placed data and error-correction modules without any
/// mask or format information. It is not in `qrencode.h` but is exported by the libqrencode 4
/// that Debian ships (built with its tests), so it is looked up at run time, and
/// ``QRMaskChoiceCheck`` compares the result with `QRcode_encodeData` once per process before
/// ``QRMatrix`` uses it: where it is missing or disagrees, ``QRMatrix`` falls back to
/// `QRcode_encodeData`, which gives the identical symbol, only slower.
enum UnmaskedFrame {
    private typealias EncodeMask = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<QRcode>?

    /// The function pointer, wrapped so a `static let` may hold it.
    private struct Function: @unchecked Sendable {
        let encodeMask: EncodeMask
    }

    private static let function: Function? = {
        var major: Int32 = 0
        var minor: Int32 = 0
        var micro: Int32 = 0
        QRcode_APIVersion(&major, &minor, &micro)
        // RTLD_DEFAULT (a null handle on glibc): the symbol from the libqrencode this process loaded.
        guard major == 4, let symbol = dlsym(nil, "QRcode_encodeMask") else { return nil }
        return Function(encodeMask: unsafeBitCast(symbol, to: EncodeMask.self))
    }()

    /// Whether this libqrencode exports `QRcode_encodeMask`, so ``QRMatrix`` chooses masks itself.
    static var isAvailable: Bool { function != nil }

    /// Encodes `bytes` as one 8-bit segment (behind an ECI header when `eci` is given) at `level`,
    /// in the smallest version that holds it, and returns the unmasked symbol (or, for tests, the
    /// symbol under data mask `mask` 0–7), or nil when this libqrencode cannot do that. The caller
    /// frees the result with `QRcode_free`.
    /// - Throws: the `errno` of a failed encode (ERANGE: too long, EINVAL, ENOMEM), as ``QRImageError``.
    static func encode(
        _ bytes: [UInt8], level: QRErrorCorrection, eci: UInt32?,
        mask: Int32 = -2, error: (Int32) -> QRImageError
    ) throws -> UnsafeMutablePointer<QRcode>? {
        guard let function else { return nil }
        errno = 0
        guard let input = QRinput_new2(0, level.libqrencodeLevel) else { throw error(errno) }
        defer { QRinput_free(input) }
        if let eci, QRinput_appendECIheader(input, eci) != 0 { throw error(errno) }
        let appended = bytes.withUnsafeBufferPointer {
            QRinput_append(input, QR_MODE_8, Int32($0.count), $0.baseAddress)
        }
        guard appended == 0 else { throw error(errno) }
        guard let code = function.encodeMask(input, mask) else { throw error(errno) }
        return code
    }
}
