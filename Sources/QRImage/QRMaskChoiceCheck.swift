import CQRencode
import Foundation

/// The one check, made the first time a ``QRMatrix`` is built in a process, that Lunas's own mask
/// choice gives libqrencode's symbol on this machine's libqrencode.
///
/// The fast path (``UnmaskedFrame`` from libqrencode's unexported `QRcode_encodeMask`, masks
/// scored by ``QRMaskEvaluator``) rests on a symbol that is not in `qrencode.h`. So before the
/// first matrix is built, a fixed payload is encoded both ways — that path, and the public
/// `QRcode_encodeData` — and the fast path is used only if the two matrices are identical. If
/// the symbol is missing or disagrees, every matrix of the process comes from `QRcode_encodeData`
/// (the identical symbol, three to four times the CPU time) and ``fallbackReason`` says why:
/// `QRImage` does not log, so callers log it once (`lunas serve` at start-up, for example).
///
/// Why the fast path is kept (STYLE.md "one code path per concern"): on the benchmarks'
/// 183-character dynamic QRIS, payload → `QRMatrix` costs 80–120 µs of CPU with it against
/// 303–360 µs with `QRcode_encodeData` alone (0.87 M against 2.26 M instructions), three
/// alternating rounds of 3,000 images on 2026-12-06; a PNG costs 187–257 µs in all, so the
/// saving is more than the whole rest of the render. Command: `Benchmarks/qrimage/compare-paths.sh`
/// (modes `matrix` and `matrix-plain`).
public struct QRMaskChoiceCheck: Sendable, Hashable {
    /// Whether ``QRMatrix`` chooses data masks itself (the check passed).
    public let usesOwnMaskChoice: Bool
    /// Why it does not, for the caller's log; nil when it does.
    public let fallbackReason: String?

    /// The result of this process's check, made once on first use.
    public static let current = run()

    /// The check's fixed vector: a 183-character dynamic QRIS payload (version 10 at level M).
    static let vector = Array(
        ("00020101021226390015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW0215ID1022161397420"
            + "0303UMI520475235303360540450005802ID5912PARKIR AMBON6005AMBON62140110AMB2611231630413BB").utf8)

    /// Encodes `vector` with `own` (by default Lunas's mask choice; nil: not available) and with
    /// `QRcode_encodeData`, and compares the two matrices module for module.
    static func run(
        vector: [UInt8] = vector,
        own: ([UInt8]) throws -> QRMatrix? = { try QRMatrix.withOwnMaskChoice($0, level: .medium, eci: nil) }
    ) -> QRMaskChoiceCheck {
        let ours: QRMatrix?
        let reference: QRMatrix
        do {
            ours = try own(vector)
            reference = try QRMatrix(bytes: vector, errorCorrection: .medium, maskChoice: .libqrencode)
        } catch {
            return .fallback("the check's encode failed: \(error)")
        }
        guard let ours else {
            return .fallback("libqrencode does not export QRcode_encodeMask (or is not version 4)")
        }
        guard ours.version == reference.version, ours.size == reference.size else {
            return .fallback(
                "QRcode_encodeMask gave version \(ours.version) where QRcode_encodeData gives \(reference.version)")
        }
        guard ours.modules == reference.modules else {
            let differing = zip(ours.modules, reference.modules).count(where: { $0 != $1 })
            return .fallback(
                "Lunas's mask choice on QRcode_encodeMask differs from QRcode_encodeData in \(differing) of "
                    + "\(reference.modules.count) modules of the check's symbol")
        }
        return QRMaskChoiceCheck(usesOwnMaskChoice: true, fallbackReason: nil)
    }

    private static func fallback(_ reason: String) -> QRMaskChoiceCheck {
        QRMaskChoiceCheck(
            usesOwnMaskChoice: false,
            fallbackReason: reason + "; QR matrices come from QRcode_encodeData (identical symbols, slower)")
    }
}
