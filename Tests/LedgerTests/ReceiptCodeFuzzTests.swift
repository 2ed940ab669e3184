import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// Bounded fuzzing of the receipt-code parser and verifier: arbitrary text never crashes, and no
/// mutation of a valid code verifies for another invoice.
@Suite("Receipt code fuzzing")
struct ReceiptCodeFuzzTests {
    static let key = ReceiptSigningKey.generate()

    @Test("arbitrary text is an error or a code, never a crash", arguments: [21, 22, 23])
    func arbitraryText(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("LR1-0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyzIOU *é😀\u{0}\n")
        let verifier = ReceiptVerifier(keyRing: try .empty.adding(.init(label: "k", publicKey: Self.key.publicKey)))
        for _ in 0..<2000 {
            let length = Int.random(in: 0...200, using: &random)
            var text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            if Bool.random(using: &random) { text = "LR1-" + text }
            do {
                _ = try verifier.verify(text)
                Issue.record("random text verified: \(text)")
            } catch let error as LedgerError {
                #expect(error.code.rawValue.hasPrefix("receipt."))
                #expect(error.field == "code")
            }
        }
    }

    @Test("mutated codes never verify for a different invoice", arguments: [31, 32])
    func mutations(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let verifier = ReceiptVerifier(keyRing: try .empty.adding(.init(label: "k", publicKey: Self.key.publicKey)))
        let signer = ReceiptSigner(key: Self.key)
        for index in 0..<300 {
            let invoice = "AMB-\(index)"
            var bytes = Array(try signer.sign(invoiceID: invoice).text.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = UInt8.random(in: 0x20...0x7E, using: &random)
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8.random(in: 0x30...0x5A, using: &random), at: position)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let verified = try? verifier.verify(text) {
                // Only harmless edits (case, hyphens, confusable letters) may survive.
                #expect(verified.invoiceID == invoice, "\(text)")
            }
        }
    }

    @Test("valid payloads of every invoice-id length round-trip", arguments: Array(1...64))
    func everyLength(length: Int) throws {
        let id = String(repeating: "9", count: length)
        let code = try ReceiptSigner(key: Self.key).sign(invoiceID: id)
        let parsed = try ReceiptCode(parsing: code.grouped.lowercased())
        #expect(parsed == code)
    }
}
