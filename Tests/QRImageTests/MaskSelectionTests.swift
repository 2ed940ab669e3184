import CQRencode
import Foundation
import LunasTestSupport
import Testing

@testable import QRImage

/// Lunas scores the eight data masks itself (``QRMaskEvaluator``); these tests hold it to
/// libqrencode's own choice, symbol for symbol and penalty for penalty.
@Suite("Mask selection: the same symbols as libqrencode, scored on bit lines")
struct MaskSelectionTests {
    /// libqrencode's `Mask_evaluateSymbol` (N1 + N2 + N3 of a masked frame), exported by Debian's
    /// build like `QRcode_encodeMask`.
    typealias EvaluateSymbol = @convention(c) (Int32, UnsafeMutablePointer<UInt8>?) -> Int32

    static func libqrencodeEvaluator() throws -> EvaluateSymbol {
        let symbol = try #require(dlsym(nil, "Mask_evaluateSymbol"), "libqrencode does not export Mask_evaluateSymbol")
        return unsafeBitCast(symbol, to: EvaluateSymbol.self)
    }

    static func randomBytes(_ rng: inout SeededGenerator, count: Int, ascii: Bool) -> [UInt8] {
        (0..<count).map { _ in
            ascii ? UInt8.random(in: 0x20...0x7E, using: &rng) : UInt8.random(in: 0...255, using: &rng)
        }
    }

    @Test("Debian's libqrencode exports the unmasked encoder, so the fast path is the one in use")
    func fastPathAvailable() {
        #expect(UnmaskedFrame.isAvailable)
    }

    @Test("format information words match ISO/IEC 18004 Table C.1")
    func formatInformation() {
        #expect(QRMaskTables.formatInformation(level: .low, mask: 0) == 0x77C4)
        #expect(QRMaskTables.formatInformation(level: .medium, mask: 0) == 0x5412)
        #expect(QRMaskTables.formatInformation(level: .quartile, mask: 0) == 0x355F)
        #expect(QRMaskTables.formatInformation(level: .high, mask: 0) == 0x1689)
        #expect(QRMaskTables.formatInformation(level: .medium, mask: 3) == 0x5B4B)
        #expect(QRMaskTables.formatInformation(level: .medium, mask: 7) == 0x4AA0)
        #expect(QRMaskTables.formatInformation(level: .high, mask: 7) == 0x083B)
    }

    @Test("the QRIS payloads and one per version band give libqrencode's exact symbol")
    func knownPayloads() throws {
        let payloads = [
            Payloads.staticQRIS, Payloads.dynamicQRIS, Payloads.cjkQRIS, String(repeating: "A1b2", count: 125),
        ]
        for payload in payloads {
            for level in QRErrorCorrection.allCases {
                let bytes = Array(payload.utf8)
                let ours = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .lunas)
                let theirs = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .libqrencode)
                #expect(ours == theirs, "\(level) \(payload.prefix(40))…")
            }
        }
    }

    @Test("random payloads of every size and level give libqrencode's exact symbol", arguments: 0..<4)
    func randomPayloads(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 0x5EED_0000 + seed)
        for _ in 0..<60 {
            let level = QRErrorCorrection.allCases.randomElement(using: &rng)!
            let count = Int.random(in: 1...level.byteCapacity, using: &rng)
            let bytes = Self.randomBytes(&rng, count: count, ascii: Bool.random(using: &rng))
            let ours = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .lunas)
            let theirs = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .libqrencode)
            #expect(ours == theirs, "seed \(seed): \(count) bytes at \(level), version \(theirs.version)")
        }
    }

    @Test("every mask's penalty equals libqrencode's Mask_evaluateSymbol plus its N4", arguments: 0..<3)
    func penaltiesPerMask(seed: UInt64) throws {
        let evaluate = try Self.libqrencodeEvaluator()
        var rng = SeededGenerator(seed: 0xFACE_0000 + seed)
        for _ in 0..<12 {
            let level = QRErrorCorrection.allCases.randomElement(using: &rng)!
            let count = Int.random(in: 1...400, using: &rng)
            let bytes = Self.randomBytes(&rng, count: count, ascii: true)
            let fail = { (code: Int32) in QRImageError(code: .invalidArgument, message: "errno \(code)") }
            let frame = try #require(try UnmaskedFrame.encode(bytes, level: level, eci: nil, error: fail))
            defer { QRcode_free(frame) }
            let width = Int(frame.pointee.width)
            let evaluator = QRMaskEvaluator(
                unmaskedFrame: UnsafeBufferPointer(start: frame.pointee.data, count: width * width),
                version: Int(frame.pointee.version))
            for mask in 0..<8 {
                let masked = try #require(
                    try UnmaskedFrame.encode(bytes, level: level, eci: nil, mask: Int32(mask), error: fail))
                defer { QRcode_free(masked) }
                let area = width * width
                let dark = (0..<area).reduce(0) { $0 + Int(masked.pointee.data[$1] & 1) }
                let balance = abs((200 * dark + area) / area / 2 - 50) / 5 * 10
                let theirs = Int(evaluate(Int32(width), masked.pointee.data)) + balance
                #expect(
                    evaluator.penalty(mask: mask, level: level) == theirs, "mask \(mask), \(count) bytes at \(level)")
            }
        }
    }

    @Test("lines with finder-like patterns at the edges and scaled 2:2:6:2:2 ones score as in libqrencode")
    func finderLikeLines() throws {
        // Payloads of repeated bytes produce long regular runs after masking; compare whole symbols.
        for byte: UInt8 in [0x00, 0xFF, 0xAA, 0x55, 0x0F, 0xF0, 0x33, 0xCC] {
            for count in [10, 50, 120, 300] {
                let bytes = [UInt8](repeating: byte, count: count)
                for level in QRErrorCorrection.allCases {
                    let ours = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .lunas)
                    let theirs = try QRMatrix(bytes: bytes, errorCorrection: level, maskChoice: .libqrencode)
                    #expect(ours == theirs, "\(count) × \(byte) at \(level)")
                }
            }
        }
    }
}
