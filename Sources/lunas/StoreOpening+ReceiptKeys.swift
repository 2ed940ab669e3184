import API
import Foundation
import Ledger
import LedgerPostgres

extension StoreOpening {
    /// What `lunas receipt-key rotate` did: the key that signs from now on and the one it replaced.
    struct ReceiptKeyRotation: Sendable {
        /// The new signing key's entry.
        var signing: ReceiptKeyRing.Entry
        /// The retired key's entry (labelled `retired-…`; it still verifies its receipts).
        var retired: ReceiptKeyRing.Entry
    }

    /// `lunas receipt-key rotate`: retires the signing key of `database.url`'s store and creates a new one
    /// (``Ledger/ReceiptKeyStore/rotate(at:)``).
    ///
    /// SQLite: the files of `data.dir`, under its exclusive lock (``API/DataDirectoryLock``): refused while a
    /// `lunas serve` holds the directory, since a node on SQLite reads its key only at start. PostgreSQL:
    /// the database's key table, whose rotation notifies every running node (they reload at once).
    /// - Throws: `receipt.noKey` when no node ever created a key (nothing is created), `data.busy` while a
    ///   server holds the data directory, `schema.tooOld`/`schema.tooNew`, the store's errors.
    static func rotateReceiptKey(
        for command: String, settings: ServerSettings, environment: [String: String], at date: Date
    ) async throws -> ReceiptKeyRotation {
        switch try refusingBadURL(
            command, { try location(of: settings.databaseURL, dataDirectory: settings.dataDirectory) })
        {
        case .sqlite:
            let folder = URL(fileURLWithPath: settings.dataDirectory)
            guard let store = DataDirectoryState.receiptKeys(dataDirectory: folder) else {
                throw LedgerError(
                    .receiptKeyMissing,
                    "no receipt signing key in \(folder.path) (lunas serve creates it on its first start); nothing rotated",
                    field: "data.dir")
            }
            guard let lock = try DataDirectoryLock.exclusive(folder) else {
                throw LedgerError(
                    .dataDirectoryBusy,
                    "\(folder.path) is in use by a running lunas serve (which reads its receipt key only at start: "
                        + "stop it, rotate, then start it again) or by another rotation; nothing rotated",
                    field: "data.dir")
            }
            // Held until the rotation is written: a server starting meanwhile is refused (`data.busy`).
            defer { withExtendedLifetime(lock) {} }
            return try await rotation(of: store, at: date)
        case .postgres(let server):
            let password = try DatabaseLocation.password(environment: environment)
            return try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: quietLogger) {
                database in
                try await PostgresLedgerSchema.requireCurrent(database)
                let store = PostgresReceiptKeyStore(database)
                guard try await !store.ring().keys.isEmpty else {
                    throw LedgerError(
                        .receiptKeyMissing,
                        "no receipt signing key in \(server.url) (the first lunas serve node creates it); nothing rotated",
                        field: "database.url")
                }
                return try await rotation(of: store, at: date)
            }
        }
    }

    /// Rotates `store` and reads back the new key and the one it retired (the ring's last two).
    private static func rotation(of store: any ReceiptKeyStore, at date: Date) async throws -> ReceiptKeyRotation {
        let new = try await store.rotate(at: date)
        let keys = try await store.ring().keys
        guard let signing = keys.last, signing.keyID == new.publicKey.keyID, keys.count >= 2 else {
            throw LedgerError(.storageFailure, "the receipt key ring does not end with the new key after the rotation")
        }
        return ReceiptKeyRotation(signing: signing, retired: keys[keys.count - 2])
    }
}

extension LedgerError.Code {
    /// No receipt signing key exists yet where the command looked.
    static let receiptKeyMissing = LedgerError.Code("receipt.noKey")
}
