import CQRencode
import Foundation
import Testing

@testable import QRImage

/// ``QRMaskChoiceCheck``: the fast path (``UnmaskedFrame`` + ``QRMaskEvaluator``) is compared with
/// `QRcode_encodeData` once per process, and a disagreement or a missing symbol turns it off.
@Suite("The start-up check of Lunas's mask choice against QRcode_encodeData")
struct MaskChoiceCheckTests {
    @Test("the check runs once per process and passes on this machine's libqrencode")
    func checkRanAndPassed() {
        let check = QRMaskChoiceCheck.current
        // The stored result is the check's own answer, not a default.
        #expect(check == QRMaskChoiceCheck.run())
        #expect(check.usesOwnMaskChoice == UnmaskedFrame.isAvailable)
        #expect(check.usesOwnMaskChoice, "fallback: \(check.fallbackReason ?? "")")
        #expect(check.fallbackReason == nil)
    }

    @Test("a symbol under another data mask is caught, with the count of differing modules")
    func otherMaskIsCaught() throws {
        let chosen = try QRMatrix(bytes: QRMaskChoiceCheck.vector, errorCorrection: .medium, ownMaskChoice: false)
        var caught = 0
        for mask in Int32(0)...7 {
            // QRcode_encodeMask with a fixed mask: what a changed private symbol might return.
            let check = QRMaskChoiceCheck.run { bytes in
                let fail = { (code: Int32) in QRImageError(code: .invalidArgument, message: "errno \(code)") }
                guard let code = try UnmaskedFrame.encode(bytes, level: .medium, eci: nil, mask: mask, error: fail)
                else { return nil }
                defer { QRcode_free(code) }
                let width = Int(code.pointee.width)
                let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width).map { $0 & 1 }
                return QRMatrix(
                    version: Int(code.pointee.version), size: width, errorCorrection: .medium, hasUTF8ECI: false,
                    modules: modules)
            }
            let masked = try #require(
                try UnmaskedFrame.encode(
                    QRMaskChoiceCheck.vector, level: .medium, eci: nil, mask: mask,
                    error: { QRImageError(code: .invalidArgument, message: "errno \($0)") }))
            let width = Int(masked.pointee.width)
            let same =
                UnsafeBufferPointer(start: masked.pointee.data, count: width * width).map { $0 & 1 } == chosen.modules
            QRcode_free(masked)
            // Exactly the mask libqrencode chose passes; every other one is refused with a reason.
            #expect(check.usesOwnMaskChoice == same, "mask \(mask)")
            if !same {
                caught += 1
                let reason = try #require(check.fallbackReason)
                #expect(reason.contains("differs from QRcode_encodeData in"), "\(reason)")
            }
        }
        #expect(caught == 7)
    }

    @Test("a missing symbol and a failing encode turn the fast path off with a reason")
    func missingSymbolAndFailure() throws {
        let missing = QRMaskChoiceCheck.run { _ in nil }
        #expect(!missing.usesOwnMaskChoice)
        #expect(try #require(missing.fallbackReason).contains("does not export QRcode_encodeMask"))

        let failing = QRMaskChoiceCheck.run { _ in throw QRImageError(code: .outOfMemory, message: "test") }
        #expect(!failing.usesOwnMaskChoice)
        #expect(try #require(failing.fallbackReason).contains("qr.out_of_memory"))

        let wrongVersion = QRMaskChoiceCheck.run { bytes in
            try QRMatrix(bytes: bytes, errorCorrection: .high, ownMaskChoice: false)
        }
        #expect(!wrongVersion.usesOwnMaskChoice)
        #expect(try #require(wrongVersion.fallbackReason).contains("version"))
    }

    @Test("the fallback path renders the same matrix and the same PNG bytes as the fast path")
    func fallbackRendersTheSame() throws {
        let payloads = Payloads.all.map(\.payload) + [String(decoding: QRMaskChoiceCheck.vector, as: UTF8.self)]
        for payload in payloads {
            for level in QRErrorCorrection.allCases {
                let bytes = Array(payload.utf8)
                guard bytes.count <= level.byteCapacity else { continue }
                let fast = try QRMatrix(bytes: bytes, errorCorrection: level, ownMaskChoice: true)
                let fallback = try QRMatrix(bytes: bytes, errorCorrection: level, ownMaskChoice: false)
                #expect(fast == fallback, "\(level) \(payload.prefix(40))…")
                #expect(try fast.png() == fallback.png(), "\(level) \(payload.prefix(40))…")
                // The public initialiser goes through the check and gives the same symbol.
                #expect(try QRMatrix(bytes: bytes, errorCorrection: level) == fallback)
            }
        }
    }
}
