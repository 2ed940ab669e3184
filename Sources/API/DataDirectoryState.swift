import Foundation
import Reconciliation

/// What `lunas serve` on SQLite keeps in its data directory besides the ledger, opened read-only in
/// spirit for `lunas ledger copy` (issue #18): nothing is created where it does not exist.
public enum DataDirectoryState {
    /// The settlement archive under `dataDirectory`, or nil when it has no `settlements` folder.
    public static func settlementArchive(dataDirectory: URL) throws -> (any SettlementArchiveStore)? {
        let folder = dataDirectory.appendingPathComponent("settlements")
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        return try SettlementArchive(dataDirectory: dataDirectory)
    }

    /// The receipt key store of `dataDirectory`, or nil when it holds no signing key.
    public static func receiptKeys(dataDirectory: URL) -> FileReceiptKeyStore? {
        let key = dataDirectory.appendingPathComponent(ReceiptKeyFile.privateKeyName)
        guard FileManager.default.fileExists(atPath: key.path) else { return nil }
        return FileReceiptKeyStore(dataDirectory: dataDirectory)
    }

    /// The X-EXTERNAL-ID file of `dataDirectory` (`external-ids.jsonl`, ``AcquirerLink``), when it exists.
    public static func externalIDsPath(dataDirectory: URL) -> String? {
        let path = dataDirectory.appendingPathComponent("external-ids.jsonl").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
