import Acquirer
import Foundation
import HTTPTypes
import Issuing
import Ledger
import Reconciliation

/// Everything the routes need, built once at start-up.
public struct APIServices: Sendable {
    /// The city's configuration.
    public let configuration: CityConfiguration
    /// The ledger.
    public let store: any LedgerStore & IdempotencyLookup
    /// Issues tickets and invoices.
    public let issuer: InvoiceIssuer
    /// The node's receipt keys: the configured ring plus the store's keys, reloaded on rotation; it
    /// verifies receipt codes (``ReceiptKeyReloader/verify(_:)``).
    public let receiptKeys: ReceiptKeyReloader
    /// The clock.
    public let now: @Sendable () -> Date
    /// The city's acquirer (notify endpoint, `snap` issuing), or `nil` for none.
    public let acquirer: AcquirerLink?
    /// The Prometheus metrics.
    public let metrics = APIMetrics()
    /// Active devices by credential hash, for issuing requests (see ``DeviceAuthenticator``).
    let deviceCache = DeviceCredentialCache()
    /// Rendered QR images by invoice (an invoice's payload never changes).
    let imageCache = RenderedImageCache()
    /// Closes city days and signs their statements.
    public let days: DayCloser
    /// The chart of accounts for the daily journal (nil: not configured).
    public let accounts: ChartOfAccounts?
    /// Settlement uploads and their stored reports (nil: the settlement routes answer 500).
    public let settlements: SettlementImporter?
    /// Refunds payments through the acquirer.
    public let refunder: PaymentRefunder
    /// Offline issuance: device keys, bundles, sync (limits set by `buildApplication`).
    public var offline: OfflineDesk
    /// How the staff console's cookies, links and client addresses are made (set by `buildApplication`
    /// from ``ServerSettings``).
    public var web = WebSettings()
    /// How this node works with the others (set by `buildApplication`; a node alone by default).
    public var nodes = NodeCoordination()
    /// What wakes SSE streams and `?wait` long-polls when the ledger moves: this process's writes on
    /// one node; on several nodes, PostgreSQL's notifications too (issue #18).
    var changes: any LedgerChangeSignal { nodes.changes }

    /// The console's sign-in throttle (per server).
    let loginThrottle = LoginThrottle()
    /// Complaints per client address per hour (per server).
    let complaintLimiter = AddressRateLimiter()
    /// Citizens' complaints: filing and working them; nil when the store keeps none (the routes
    /// answer 503).
    public let complaints: ComplaintDesk?

    /// ``complaints``, or 503 `complaints.unavailable` for a store that keeps none.
    var complaintDesk: ComplaintDesk {
        get throws {
            guard let complaints else {
                throw APIError(.serviceUnavailable, "complaints.unavailable", "this ledger store keeps no complaints")
            }
            return complaints
        }
    }

    /// The staff accounts and sessions, when the store keeps them (the console answers 503 otherwise).
    public var staff: (any StaffDirectory)? { store as? any StaffDirectory }

    /// Creates the services with the node's receipt keys (``ServerParts/receiptKeys``; for keys that
    /// never rotate, ``ReceiptKeyReloader/init(fixed:configured:)``).
    public init(
        configuration: CityConfiguration, store: any LedgerStore & IdempotencyLookup, receiptKeys: ReceiptKeyReloader,
        invoiceLifetime: TimeInterval = 3600, acquirer: AcquirerLink? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, settlements: SettlementImporter? = nil,
        accounts: ChartOfAccounts? = nil, holidays: HolidayCalendar = HolidayCalendar()
    ) throws {
        self.receiptKeys = receiptKeys
        let signer = ReceiptSigner(keys: receiptKeys.live)
        self.accounts = accounts
        self.configuration = configuration
        self.settlements = settlements
        self.store = store
        self.now = now
        self.acquirer = acquirer
        issuer = InvoiceIssuer(
            configuration: configuration, signer: signer, store: store,
            invoiceLifetime: invoiceLifetime, qrIssuer: acquirer?.qrIssuer, now: now)
        var settlementDue: SettlementDueRule?
        if let name = acquirer?.profile.settlementProfile, let settlements {
            do {
                settlementDue = try settlements.dueRule(profileName: name, calendar: holidays, store: store)
            } catch let error as APIError {
                throw APIError(
                    .internalServerError, "settlement.configInvalid",
                    "acquirer profile \(acquirer?.profile.id ?? "-") names settlement profile \(name): "
                        + error.message)
            }
        }
        days = DayCloser(
            store: store, city: configuration.city, signer: signer, settlementDue: settlementDue, now: now)
        offline = OfflineDesk(
            configuration: configuration, store: store, signer: signer, invoiceLifetime: invoiceLifetime,
            acceptsStaticBills: acquirer?.profile.acceptsStaticBills ?? false, now: now)
        refunder = PaymentRefunder(store: store, acquirer: acquirer?.refunder, now: now)
        complaints = (store as? any ComplaintBook).map {
            ComplaintDesk(book: $0, store: store, configuration: configuration, holidays: holidays, now: now)
        }
    }
}
