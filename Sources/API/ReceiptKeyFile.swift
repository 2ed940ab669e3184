import Foundation
import Ledger

/// The city's Ed25519 receipt signing key in the data directory.
///
/// `DATA_DIR/receipt-signing-key` holds the base64 of the 32-byte seed, created on first start
/// with mode 0600 (owner read/write only); `DATA_DIR/receipt-public-key.json` holds the public
/// half in `receipt-keys.json` form, to publish. The public key is also served at
/// `GET /public/receipt-keys`.
public enum ReceiptKeyFile {
    /// The private key's file name inside the data directory.
    public static let privateKeyName = "receipt-signing-key"
    /// The published public key's file name inside the data directory.
    public static let publicKeyName = "receipt-public-key.json"

    /// Loads the signing key, creating it (0600) and its public file when missing.
    /// - Throws: `config.invalid` when the file exists but is not a key, file system errors.
    public static func loadOrCreate(dataDirectory: URL) throws -> ReceiptSigningKey {
        let manager = FileManager.default
        try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let keyURL = dataDirectory.appendingPathComponent(privateKeyName)
        let key: ReceiptSigningKey
        if manager.fileExists(atPath: keyURL.path) {
            let text = try String(contentsOf: keyURL, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                key = try ReceiptSigningKey(base64: text)
            } catch {
                throw LedgerError(
                    .configInvalid, "\(keyURL.path) does not hold a base64 Ed25519 seed", field: privateKeyName)
            }
        } else {
            key = ReceiptSigningKey.generate()
            guard
                manager.createFile(
                    atPath: keyURL.path, contents: Data((key.base64 + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw LedgerError(.configInvalid, "cannot create \(keyURL.path)", field: privateKeyName)
            }
        }
        let ring = try ReceiptKeyRing(keys: [.init(label: "server", publicKey: key.publicKey)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(ring).write(to: dataDirectory.appendingPathComponent(publicKeyName), options: .atomic)
        return key
    }
}
