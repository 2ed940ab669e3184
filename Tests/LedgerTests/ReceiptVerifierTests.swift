import Foundation
import Testing

@testable import Ledger

@Suite("Receipt verification")
struct ReceiptVerifierTests {
    static let current = ReceiptSigningKey.generate()
    static let retired = ReceiptSigningKey.generate()
    static let stranger = ReceiptSigningKey.generate()
    static let revokedAt = Date(timeIntervalSince1970: 1_790_000_000)

    static func ring() throws -> ReceiptKeyRing {
        try ReceiptKeyRing(keys: [
            .init(label: "2026-2", publicKey: current.publicKey),
            .init(label: "2026-1", publicKey: retired.publicKey, revokedAt: revokedAt),
        ])
    }

    static func verifier() throws -> ReceiptVerifier { ReceiptVerifier(keyRing: try ring()) }

    @Test func roundTrip() throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-260302-0001")
        let verified = try Self.verifier().verify(code.text)
        #expect(verified.invoiceID == "AMB-260302-0001")
        #expect(verified.code.keyID == Self.current.publicKey.keyID)
        #expect(verified.keyLabel == "2026-2")
        #expect(!verified.issuedBeforeRevocation)
    }

    @Test("typing variations verify", arguments: ["lower", "grouped", "spaces", "confusables"])
    func typingVariations(_ variation: String) throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-42")
        let typed: String
        switch variation {
        case "lower": typed = code.text.lowercased()
        case "grouped": typed = code.grouped.lowercased()
        case "spaces": typed = code.grouped.replacingOccurrences(of: "-", with: " ")
        default:
            // People type O for 0 and I or L for 1; Crockford reads them as the digits.
            let body = String(code.text.dropFirst(4)).replacingOccurrences(of: "0", with: "O")
                .replacingOccurrences(of: "1", with: "l")
            typed = "LR1-" + body
        }
        #expect(try Self.verifier().verify(typed).invoiceID == "AMB-42")
    }

    @Test func groupedFormIsFivesAfterThePrefix() throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-42")
        let groups = code.grouped.split(separator: "-")
        #expect(groups.first == "LR1")
        #expect(groups.dropFirst().dropLast().allSatisfy { $0.count == 5 })
        #expect(groups.dropFirst().joined() == code.text.dropFirst(4))
    }

    @Test func forgedSignatureIsRejected() throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-1")
        var forged = code
        forged.signature[7] ^= 0x01
        let error = try #require(throws: LedgerError.self) { try Self.verifier().verify(forged.text) }
        #expect(error.code == .badReceiptSignature)
        #expect(error.field == "code")
    }

    @Test func signatureFromAnUnpublishedKeyClaimingATrustedIDIsRejected() throws {
        let real = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-1")
        let fake = try ReceiptSigner(key: Self.stranger).sign(invoiceID: "AMB-1")
        let forged = ReceiptCode(keyID: real.keyID, invoiceID: "AMB-1", signature: fake.signature)
        let error = try #require(throws: LedgerError.self) { try Self.verifier().verify(forged.text) }
        #expect(error.code == .badReceiptSignature)
    }

    @Test func alteredInvoiceIDIsRejected() throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-260302-0001")
        let altered = ReceiptCode(keyID: code.keyID, invoiceID: "AMB-260302-0002", signature: code.signature)
        let error = try #require(throws: LedgerError.self) { try Self.verifier().verify(altered.text) }
        #expect(error.code == .badReceiptSignature)
        #expect(error.message.contains("AMB-260302-0002"))
    }

    @Test func everySingleCharacterTypoIsRejected() throws {
        let text = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-7").text
        let verifier = try Self.verifier()
        let symbols = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var rejected = 0
        for index in text.indices.dropFirst(4) {
            var typo = text
            let original = text[index]
            let replacement = symbols.first { $0 != original }!
            typo.replaceSubrange(index...index, with: String(replacement))
            #expect(throws: LedgerError.self) { try verifier.verify(typo) }
            rejected += 1
        }
        #expect(rejected == text.count - 4)
    }

    @Test func unknownKeyIDIsRejected() throws {
        let code = try ReceiptSigner(key: Self.stranger).sign(invoiceID: "AMB-1")
        let error = try #require(throws: LedgerError.self) { try Self.verifier().verify(code.text) }
        #expect(error.code == .unknownReceiptKey)
        #expect(error.message.contains(Self.stranger.publicKey.keyID.description))
    }

    @Test func revokedKeyIsRejectedWithoutTrustedIssueTime() throws {
        let code = try ReceiptSigner(key: Self.retired).sign(invoiceID: "AMB-1")
        let error = try #require(throws: LedgerError.self) { try Self.verifier().verify(code.text) }
        #expect(error.code == .revokedReceiptKey)
        #expect(error.message.contains("2026-1"))
    }

    @Test func revokedKeyAcceptsReceiptsTheLedgerDatesBeforeRevocation() throws {
        let code = try ReceiptSigner(key: Self.retired).sign(invoiceID: "AMB-1")
        let verifier = try Self.verifier()
        let early = try verifier.verify(code.text, issuedAt: Self.revokedAt.addingTimeInterval(-1))
        #expect(early.issuedBeforeRevocation)
        for late in [Self.revokedAt, Self.revokedAt.addingTimeInterval(1)] {
            let error = try #require(throws: LedgerError.self) { try verifier.verify(code.text, issuedAt: late) }
            #expect(error.code == .revokedReceiptKey)
        }
    }

    @Test func forgedCodeFromARevokedKeyIsStillABadSignature() throws {
        var code = try ReceiptSigner(key: Self.retired).sign(invoiceID: "AMB-1")
        code.signature[0] ^= 0x80
        let error = try #require(throws: LedgerError.self) {
            try Self.verifier().verify(code.text, issuedAt: Self.revokedAt.addingTimeInterval(-60))
        }
        #expect(error.code == .badReceiptSignature)
    }

    @Test func revokingAndRotatingTheRing() throws {
        let code = try ReceiptSigner(key: Self.current).sign(invoiceID: "AMB-9")
        let revoked = try Self.ring().revoking(Self.current.publicKey.keyID, at: Self.revokedAt)
        #expect(throws: LedgerError.self) { try ReceiptVerifier(keyRing: revoked).verify(code.text) }
        let rotated = try ReceiptKeyRing.empty.adding(.init(label: "new", publicKey: Self.stranger.publicKey))
        #expect(
            try ReceiptVerifier(keyRing: rotated).verify(ReceiptSigner(key: Self.stranger).sign(invoiceID: "X").text)
                .keyLabel == "new")
        let duplicate = #expect(throws: LedgerError.self) {
            try rotated.adding(.init(label: "again", publicKey: Self.stranger.publicKey))
        }
        #expect(duplicate?.code == .duplicateReceiptKey)
    }

    @Test func keyRingJSONRoundTripsAndChecksTheStatedKeyID() throws {
        let ring = try Self.ring()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let data = try encoder.encode(ring)
        #expect(try decoder.decode(ReceiptKeyRing.self, from: data) == ring)
        let wrongID = #"{"keys":[{"label":"x","publicKey":"\#(Self.current.publicKey.base64)","keyId":"00000000"}]}"#
        #expect(throws: DecodingError.self) { try decoder.decode(ReceiptKeyRing.self, from: Data(wrongID.utf8)) }
    }
}
