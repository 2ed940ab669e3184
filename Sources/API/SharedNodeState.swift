import Acquirer
import Foundation
import Ledger
import Reconciliation

/// What a node keeps besides the ledger, when several nodes share it through the database
/// (PostgreSQL, issue #18): the X-EXTERNAL-IDs Lunas sends, the notify replay claims and the receipt
/// signing keys, the imported settlement files. One node on SQLite keeps them in its data directory instead (no value of this type).
///
/// The executable builds it from the PostgreSQL stores (`LedgerPostgres`), so that any node can
/// serve any request: an X-EXTERNAL-ID is used once across nodes, a notify replayed to another node
/// is refused there, every node signs receipts with the same key, and a settlement file uploaded
/// through one node is applied through another.
public struct SharedNodeState: Sendable {
    /// The X-EXTERNAL-IDs sent to the acquirer.
    public var externalIDs: any ExternalIDStore
    /// Opens the notify replay claims with the profile's window (its clock skew), at `now`.
    public var notifyReplays: @Sendable (_ window: TimeInterval, _ now: Date) async throws -> any NotifyReplayStore
    /// The receipt signing keys.
    public var receiptKeys: any ReceiptKeyStore
    /// The imported settlement files (the bank's originals) and their reports.
    public var settlements: any SettlementArchiveStore

    /// A node's shared state from its parts.
    public init(
        externalIDs: any ExternalIDStore,
        notifyReplays: @escaping @Sendable (_ window: TimeInterval, _ now: Date) async throws -> any NotifyReplayStore,
        receiptKeys: any ReceiptKeyStore, settlements: any SettlementArchiveStore
    ) {
        self.externalIDs = externalIDs
        self.notifyReplays = notifyReplays
        self.receiptKeys = receiptKeys
        self.settlements = settlements
    }
}
