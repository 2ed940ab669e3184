import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

@Suite("Receipt codes")
struct ReceiptCodeTests {
    static let key = ReceiptSigningKey.generate()
    static let signer = ReceiptSigner(key: key)

    @Test(
        "Crockford base32 matches a hand-computed vector and round-trips", arguments: [0, 1, 2, 3, 4, 5, 31, 64, 100])
    func base32(length: Int) throws {
        #expect(ReceiptBase32.encode(Array("f".utf8)) == "CR")
        #expect(ReceiptBase32.encode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == "ZZZZZZZZ")
        var random = SeededGenerator(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
        let text = ReceiptBase32.encode(bytes)
        #expect(text.count == (length * 8 + 4) / 5)
        let symbols = text.utf8.enumerated().map { (byte: $0.element, offset: $0.offset) }
        #expect(try ReceiptBase32.decode(symbols) == bytes)
    }

    @Test func layoutIsVersionKeyIDLengthIDSignature() throws {
        let code = try Self.signer.sign(invoiceID: "AMB-260302-0001")
        #expect(code.text.hasPrefix("LR1-"))
        #expect(code.payload.count == 4 + 1 + 15 + 64)
        #expect(Array(code.payload[0..<4]) == Self.key.publicKey.keyID.bytes)
        #expect(code.payload[4] == 15)
        #expect(Array(code.payload[5..<20]) == Array("AMB-260302-0001".utf8))
        #expect(Array(code.signedMessage.prefix(17)) == Array("LUNAS-RECEIPT-v1".utf8) + [0])
        // The QR-alphanumeric alphabet: upper-case letters, digits and '-'.
        #expect(
            code.text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        #expect(code.text.count == 4 + (84 * 8 + 4) / 5)
    }

    @Test func keyIDIsTheSHA256PrefixOfThePublicKey() throws {
        // RFC 8032 test 1 public key; SHA-256 of its 32 bytes starts 21fe31df.
        let key = try ReceiptPublicKey(base64: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        #expect(key.keyID.description == "21fe31df")
        #expect(ReceiptKeyID(hex: "21FE31DF") == key.keyID)
        #expect(ReceiptKeyID(hex: "21fe31d") == nil)
        #expect(ReceiptKeyID(hex: "21fe31dg") == nil)
    }

    @Test(
        "malformed codes are specific errors",
        arguments: [
            ("", "receipt.malformed"), ("LR1", "receipt.malformed"), ("XX1-ABCDE", "receipt.malformed"),
            ("LR2-ABCDEFGH", "receipt.unsupportedVersion"), ("LR1-ABCDE", "receipt.malformed"),
            ("LR1-ABCDU", "receipt.malformed"), ("LR1-ABC*D", "receipt.malformed"), ("LR1-😀", "receipt.malformed"),
        ])
    func malformed(_ text: String, _ code: String) throws {
        let error = try #require(throws: LedgerError.self) { try ReceiptCode(parsing: text) }
        #expect(error.code.rawValue == code)
        #expect(error.field == "code")
    }

    @Test func badCharacterIsReportedWithItsOffset() throws {
        let good = try Self.signer.sign(invoiceID: "AMB-1").text
        var bytes = Array(good.utf8)
        bytes[10] = UInt8(ascii: "U")
        let error = try #require(throws: LedgerError.self) {
            try ReceiptCode(parsing: String(decoding: bytes, as: UTF8.self))
        }
        #expect(error.message.contains("'U' at offset 10"))
    }

    @Test(
        "invoice ids a code cannot carry are rejected when signing",
        arguments: [
            "", "AMB 1", "AMB-é", String(repeating: "A", count: 65), "AMB\n1",
        ])
    func badInvoiceID(_ id: String) throws {
        let error = try #require(throws: LedgerError.self) { try Self.signer.sign(invoiceID: id) }
        #expect(error.code == .invalidReceiptInvoiceID)
        #expect(error.field == "invoiceID")
    }

    @Test func signingKeyRoundTripsThroughBase64() throws {
        let restored = try ReceiptSigningKey(base64: Self.key.base64)
        #expect(restored.publicKey == Self.key.publicKey)
        #expect(Data(base64Encoded: Self.key.base64)?.count == 32)
        #expect(try ReceiptPublicKey(base64: Self.key.publicKey.base64) == Self.key.publicKey)
        for bad in ["", "AAAA", "not base64!", Data(count: 31).base64EncodedString()] {
            let error = try #require(throws: LedgerError.self) { try ReceiptSigningKey(base64: bad) }
            #expect(error.code == .invalidReceiptKey)
            #expect(!error.message.contains(bad) || bad.isEmpty)
            #expect(throws: LedgerError.self) { try ReceiptPublicKey(base64: bad) }
        }
    }
}
