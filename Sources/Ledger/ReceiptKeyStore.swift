import Foundation

/// Where the city's receipt signing keys are kept: the one that signs now and the public halves of
/// the keys it replaced, whose receipts still verify.
///
/// `lunas serve` on SQLite keeps them in its data directory (the API's `FileReceiptKeyStore`: the
/// seed in a 0600 file); on PostgreSQL they are rows of `node_receipt_keys`, so every node signs with
/// the same key and a key rotated through one node signs on all (issue #18). The seed is a secret:
/// no implementation logs it or puts it in an error.
public protocol ReceiptKeyStore: Sendable {
    /// The key that signs receipts now; created (``ReceiptKeyRing/signingLabel``) when there is none.
    /// Two callers at once, on one node or several, get the same key.
    /// - Throws: ``LedgerError`` when the store cannot be read or written.
    func signingKey() async throws -> ReceiptSigningKey

    /// Replaces the signing key by a new one. The old key stays in the ring, labelled
    /// ``ReceiptKeyRing/retiredLabel(at:)``, so the receipts it signed still verify.
    /// - Returns: the new signing key.
    func rotate(at date: Date) async throws -> ReceiptSigningKey

    /// The public halves of every key, the retired ones first (oldest first) and the signing key last.
    func ring() async throws -> ReceiptKeyRing
}

extension ReceiptKeyRing {
    /// The label of the key that signs now.
    public static let signingLabel = "server"

    /// The label of a key retired at `date`: `retired-2026-12-07T11:20:00Z`.
    public static func retiredLabel(at date: Date) -> String {
        "retired-" + date.formatted(.iso8601)
    }
}
