import Foundation
import Ledger
import Logging
import ServiceLifecycle

/// Moves due invoices to `expired` at a fixed interval (``LedgerStore/expireDueInvoices(now:)``)
/// and drops expired console sessions,
/// so a QRIS past its `expiresAt` stops showing as payable. A payment that still arrives is
/// accepted by the ledger and flagged `paid_late`.
///
/// Runs in the application's ServiceGroup and stops at graceful shutdown; on several nodes only
/// while this node leads the job (``NodeCoordination/leadership``, issue #18).
public struct InvoiceExpiryService: Service {
    let services: APIServices
    let interval: Duration
    let logger: Logger

    /// Creates the service.
    public init(services: APIServices, interval: Duration = .seconds(60), logger: Logger) {
        self.services = services
        self.interval = interval
        self.logger = logger
    }

    /// Expires due invoices every `interval` until graceful shutdown or cancellation, then returns
    /// normally (a thrown error would make the ServiceGroup report a failed shutdown).
    public func run() async throws {
        let (services, interval, logger) = (services, interval, logger)
        await cancelWhenGracefulShutdownQuietly {
            // On several nodes only the leader expires (``NodeCoordination/leadership``); one node always leads.
            await services.nodes.leadership.lead(every: interval) { await Self.round(services, logger: logger) }
        }
    }

    /// One expiry round; safe to repeat on another node.
    private static func round(_ services: APIServices, logger: Logger) async {
        do {
            let expired = try await services.store.expireDueInvoices(now: services.now())
            if !expired.isEmpty {
                services.changes.ledgerMoved()
                logger.info("invoices expired", metadata: ["count": "\(expired.count)"])
            }
        } catch {
            logger.warning("expiring invoices failed", metadata: ["error": "\(error)"])
        }
        // Expired console sessions are never read again (the store checks expiry); drop them.
        if let staff = services.staff {
            _ = try? await staff.purgeExpiredSessions(now: services.now())
        }
    }

    private func cancelWhenGracefulShutdownQuietly(_ body: @escaping @Sendable () async -> Void) async {
        _ = try? await cancelWhenGracefulShutdown { await body() }
    }
}
