import Ledger
import Logging
import ServiceLifecycle

/// Reloads a node's receipt keys whenever the city's keys may have changed
/// (``ReceiptKeyReloader/follow(_:logger:)``), until graceful shutdown: on PostgreSQL, fed by the
/// node's listener on the receipt key channel (issue #18).
public struct ReceiptKeyFollower: Service {
    let keys: ReceiptKeyReloader
    let changes: any LedgerChangeSignal
    let logger: Logger

    /// Creates the service.
    public init(keys: ReceiptKeyReloader, changes: any LedgerChangeSignal, logger: Logger) {
        self.keys = keys
        self.changes = changes
        self.logger = logger
    }

    /// Follows `changes` until graceful shutdown or cancellation, then returns normally.
    public func run() async throws {
        let (keys, changes, logger) = (keys, changes, logger)
        await cancelWhenGracefulShutdown { await keys.follow(changes, logger: logger) }
    }
}
