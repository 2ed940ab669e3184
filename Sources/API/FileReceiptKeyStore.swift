import Foundation
import Ledger

/// The receipt keys of one node in its data directory (``ReceiptKeyFile``): the seed in
/// `receipt-signing-key` (0600), the public halves of rotated keys in `receipt-retired-keys.json`
/// (0644, written only by ``rotate(at:)``) and the published ring in `receipt-public-key.json`.
///
/// An actor, so a rotation and a start-up load never interleave on one node; it is the store of
/// `lunas serve` on SQLite, where one node owns its data directory.
public actor FileReceiptKeyStore: ReceiptKeyStore {
    /// The data directory.
    public let dataDirectory: URL

    /// The store in `dataDirectory` (nothing is read or written until it is asked).
    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// See ``ReceiptKeyStore/signingKey()``: ``ReceiptKeyFile/loadOrCreate(dataDirectory:)``.
    public func signingKey() throws -> ReceiptSigningKey {
        try ReceiptKeyFile.loadOrCreate(dataDirectory: dataDirectory)
    }

    /// See ``ReceiptKeyStore/rotate(at:)``. The retired key's public half is written first, then the new
    /// seed (atomically), then the published ring: a crash in between leaves either the old key signing
    /// (its public half listed once, ``ReceiptKeyFile/ring(dataDirectory:signing:)``) or the new one.
    public func rotate(at date: Date) throws -> ReceiptSigningKey {
        let old = try ReceiptKeyFile.loadOrCreate(dataDirectory: dataDirectory)
        let retired = try ReceiptKeyFile.retiredKeys(dataDirectory: dataDirectory).filter {
            $0.keyID != old.publicKey.keyID
        }
        let entry = ReceiptKeyRing.Entry(label: ReceiptKeyRing.retiredLabel(at: date), publicKey: old.publicKey)
        try ReceiptKeyFile.writePublic(
            try ReceiptKeyRing(keys: retired + [entry]), to: ReceiptKeyFile.retiredKeysName, in: dataDirectory)
        let new = ReceiptSigningKey.generate()
        try PrivateFile.writeAtomically(
            Array((new.base64 + "\n").utf8),
            to: dataDirectory.appendingPathComponent(ReceiptKeyFile.privateKeyName).path)
        return try ReceiptKeyFile.loadOrCreate(dataDirectory: dataDirectory)
    }

    /// See ``ReceiptKeyStore/ring()``.
    public func ring() throws -> ReceiptKeyRing {
        try ReceiptKeyFile.ring(dataDirectory: dataDirectory, signing: try signingKey())
    }
}
