import Foundation
import Ledger

/// The city's Ed25519 receipt signing key in the data directory.
///
/// `DATA_DIR/receipt-signing-key` holds the base64 of the 32-byte seed, created on first start
/// with mode 0600 (owner read/write only, whatever the umask) and written atomically: a temporary
/// file, fsync, rename, fsync of the folder (``PrivateFile/writeAtomically(_:to:mode:)``), so a crash
/// never leaves an empty or half-written key that would change the key on the next start.
/// `DATA_DIR/receipt-public-key.json` holds the public half in `receipt-keys.json` form, to publish
/// (0644, written the same way). The public key is also served at `GET /public/receipt-keys`.
///
/// An existing key file that group or others may read is refused (``SecretFilePermissions``): the
/// server does not sign receipts with a key other users of the machine could have copied.
public enum ReceiptKeyFile {
    /// The private key's file name inside the data directory.
    public static let privateKeyName = "receipt-signing-key"
    /// The published public key's file name inside the data directory.
    public static let publicKeyName = "receipt-public-key.json"
    /// The public halves of rotated keys (``FileReceiptKeyStore/rotate(at:)``); absent until a rotation.
    public static let retiredKeysName = "receipt-retired-keys.json"

    /// Loads the signing key, creating it (0600) and its public file when missing; creates the data
    /// directory (0700) when missing.
    /// - Throws: `config.secretFileExposed` (``SecretFilePermissions``) when the key file is readable by
    ///   group or others, `config.invalid` when the file exists but is not a key, `file.ioFailed`.
    public static func loadOrCreate(dataDirectory: URL) throws -> ReceiptSigningKey {
        let keyURL = dataDirectory.appendingPathComponent(privateKeyName)
        var key = try load(keyURL)
        if key == nil {
            try PrivateFile.createDirectory(dataDirectory.path)
            let new = ReceiptSigningKey.generate()
            // Created only if absent: two first starts on one data directory keep one key.
            key =
                try PrivateFile.createAtomically(Array((new.base64 + "\n").utf8), at: keyURL.path) ? new : load(keyURL)
        }
        guard let key else { throw LedgerError(.configInvalid, "\(keyURL.path) vanished while it was created") }
        try writePublic(try ring(dataDirectory: dataDirectory, signing: key), to: publicKeyName, in: dataDirectory)
        return key
    }

    /// The seed in `keyURL`, or nil when there is no such file.
    private static func load(_ keyURL: URL) throws -> ReceiptSigningKey? {
        guard FileManager.default.fileExists(atPath: keyURL.path) else { return nil }
        try SecretFilePermissions.requirePrivate(keyURL.path, what: "the receipt signing key")
        let text = try String(contentsOf: keyURL, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try ReceiptSigningKey(base64: text)
        } catch {
            throw LedgerError(
                .configInvalid, "\(keyURL.path) does not hold a base64 Ed25519 seed", field: privateKeyName)
        }
    }

    /// The published ring: the retired keys (none until a rotation) and `signing`, labelled `server`.
    /// A retired entry for the signing key itself (a rotation interrupted before its new seed was
    /// written) is left out.
    static func ring(dataDirectory: URL, signing: ReceiptSigningKey) throws -> ReceiptKeyRing {
        let retired = try retiredKeys(dataDirectory: dataDirectory).filter { $0.keyID != signing.publicKey.keyID }
        let current = ReceiptKeyRing.Entry(label: ReceiptKeyRing.signingLabel, publicKey: signing.publicKey)
        return try ReceiptKeyRing(keys: retired + [current])
    }

    /// The entries of `receipt-retired-keys.json`, or none when it does not exist.
    /// - Throws: `config.invalid` naming the file when it is not a key ring.
    static func retiredKeys(dataDirectory: URL) throws -> [ReceiptKeyRing.Entry] {
        let url = dataDirectory.appendingPathComponent(retiredKeysName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        do {
            return try JSONDecoder().decode(ReceiptKeyRing.self, from: data).keys
        } catch {
            throw LedgerError(.configInvalid, "\(url.path) is not a receipt key ring", field: retiredKeysName)
        }
    }

    /// Writes a ring of public keys (0644, atomically) as `name` in the data directory.
    static func writePublic(_ ring: ReceiptKeyRing, to name: String, in dataDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try PrivateFile.writeAtomically(
            Array(try encoder.encode(ring)), to: dataDirectory.appendingPathComponent(name).path, mode: 0o644)
    }
}
