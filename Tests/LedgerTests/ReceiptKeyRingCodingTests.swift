import Foundation
import Ledger
import Testing

/// The ring's JSON (`Config/receipt-keys.json`, `GET /public/receipt-keys`, the handheld's stored
/// ring): `revokedAt` is RFC 3339 text whatever the coder's date strategy.
@Suite("A receipt key ring's revokedAt in JSON")
struct ReceiptKeyRingCodingTests {
    static let key = ReceiptSigningKey.generate().publicKey

    static func ring(_ revokedAt: String) -> Data {
        Data(#"{"keys": [{"label": "2026-1", "publicKey": "\#(key.base64)", "revokedAt": \#(revokedAt)}]}"#.utf8)
    }

    @Test("written as RFC 3339 text with milliseconds by a plain JSONEncoder, and read back the same")
    func roundTrip() throws {
        let revoked = Date(ledgerMilliseconds: 1_796_663_571_831)
        let ring = try ReceiptKeyRing(keys: [.init(label: "2026-1", publicKey: Self.key)])
            .revoking(Self.key.keyID, at: revoked)
        let json = String(decoding: try JSONEncoder().encode(ring), as: UTF8.self)
        #expect(json.contains(#""revokedAt":"2026-12-07T17:12:51.831Z""#), "\(json)")
        #expect(try JSONDecoder().decode(ReceiptKeyRing.self, from: Data(json.utf8)) == ring)
    }

    @Test(
        "read from the documented form, with milliseconds, and the number servers before published",
        arguments: [
            (#""2026-09-01T00:00:00Z""#, 1_788_220_800_000), (#""2026-09-01T00:00:00.250Z""#, 1_788_220_800_250),
            ("818368956", 1_796_676_156_000),
        ] as [(String, Int64)])
    func reads(text: String, milliseconds: Int64) throws {
        let ring = try JSONDecoder().decode(ReceiptKeyRing.self, from: Self.ring(text))
        #expect(ring.keys.first?.revokedAt?.ledgerMilliseconds == milliseconds)
    }

    @Test("anything else is refused, naming the field", arguments: [#""yesterday""#, #""2026-09-01""#, "true"])
    func refuses(text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReceiptKeyRing.self, from: Self.ring(text)) }
    }
}
