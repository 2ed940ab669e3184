import Crypto
import Foundation

/// How Lunas stores an Ed25519 private key (a city's receipt key, a handheld's device key): the raw
/// 32-byte seed in standard base64.
extension Curve25519.Signing.PrivateKey {
    /// Restores a key from its seed in base64 (surrounding spaces and line breaks ignored).
    /// - Throws: `LedgerError` `code`, field `privateKey`; the message never contains the key.
    init(seedBase64 text: String, refusing code: LedgerError.Code) throws {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32,
            let key = try? Self(rawRepresentation: data)
        else {
            throw LedgerError(code, "the private key is not the base64 of a 32-byte Ed25519 seed", field: "privateKey")
        }
        self = key
    }

    /// The seed in standard base64: the secret to store.
    var seedBase64: String { rawRepresentation.base64EncodedString() }

    /// The public half's 32 raw bytes.
    var publicBytes: [UInt8] { Array(publicKey.rawRepresentation) }
}
