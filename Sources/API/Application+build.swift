import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging
import QRImage
import ServiceLifecycle

/// Builds the Lunas HTTP application: the testable seam behind `lunas serve`.
///
/// The caller opens the ledger store and hands it in (`lunas serve` opens it from `database.url`;
/// tests hand in a store of their own); the application never opens one. The rest (city
/// configuration, acquirer link, receipt signing key, settlement importer) comes in `parts`, or is
/// loaded here from `settings` when `parts` is nil. A store that also offers
/// ``Ledger/ImmediateDeviceLookup`` answers the device check of every request on the event loop.
/// `/metrics` is served by a second listener (``ServerSettings/metricsHost``:``ServerSettings/metricsPort``)
/// that runs as a service of the returned application; the public router has no `/metrics`.
/// - Parameters:
///   - settings: host, port, data and configuration directories.
///   - store: the ledger.
///   - parts: the configuration and services loaded by ``ServerParts/load(settings:now:)``; nil loads them.
///   - logger: the application's logger.
///   - now: the clock (tests move it to price hourly stays).
///   - nodes: how this node works with the others of its city (issue #18); a node alone by default.
///   - onMetricsListening: called with the metrics listener's port once it listens.
/// - Throws: `config.invalid` for a bad configuration, `config.demoOnly` for a demo-only acquirer
///   profile without ``ServerSettings/demo``, `settings.demoNotLoopback`, storage errors.
public func buildApplication(
    settings: ServerSettings, store: any LedgerStore & IdempotencyLookup, parts: ServerParts? = nil,
    logger: Logger, now: @escaping @Sendable () -> Date = { Date() }, nodes: NodeCoordination = NodeCoordination(),
    onMetricsListening: (@Sendable (Int) async -> Void)? = nil
) async throws -> some ApplicationProtocol {
    try settings.checkDemoHost()
    settings.logDemoWarning(logger)
    let parts = if let parts { parts } else { try await ServerParts.load(settings: settings, now: now) }
    let configuration = parts.configuration
    let acquirer = parts.acquirer
    let key = parts.signingKey
    var services = try APIServices(
        configuration: configuration, store: store, receiptKeys: parts.receiptKeys,
        invoiceLifetime: settings.invoiceLifetime,
        acquirer: acquirer, now: now, settlements: parts.settlements, accounts: parts.accounts,
        holidays: parts.holidays)
    services.web = try WebSettings(settings)
    services.nodes = nodes
    services.offline.limits = OfflineDesk.Limits(
        maxHours: settings.offlineMaxHours, maxTickets: settings.offlineMaxTickets,
        maxClockSkewMinutes: settings.offlineMaxClockSkewMinutes,
        bundleValidityHours: settings.offlineBundleValidityHours)
    // The QR fast path checks itself once against libqrencode's own mask choice (QRMaskChoiceCheck).
    if let reason = QRMaskChoiceCheck.current.fallbackReason {
        logger.warning("QR mask choice falls back to libqrencode", metadata: ["reason": "\(reason)"])
    }
    logger.info(
        "lunas configured",
        metadata: [
            "city": "\(configuration.city.id)", "database": "\(settings.databaseURLForLog)",
            "receiptKeyID": "\(key.publicKey.keyID)",
            "acquirer": "\(acquirer.map { "\($0.profile.id) (\($0.profile.issuingMode.rawValue))" } ?? "none")",
            // What `lunas ledger payments --verified-by` takes to list the notifies this key let in.
            "notifyKeyID": "\(acquirer?.processor.keyID ?? "none")",
        ])
    let metrics = MetricsListener.application(
        services: services, settings: settings, logger: logger, onListening: onMetricsListening)
    var background: [any Service] = [
        InvoiceExpiryService(services: services, interval: settings.expiryInterval, logger: logger), metrics,
    ]
    if let keyChanges = nodes.receiptKeyChanges {
        background.append(ReceiptKeyFollower(keys: parts.receiptKeys, changes: keyChanges, logger: logger))
    }
    return Application(
        router: buildRouter(services, bodyDeadline: .seconds(settings.idleTimeoutSeconds)),
        // The idle timeout also closes a connection whose request head never completes.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "lunas",
            // Past the cap, connections wait in the listen backlog until one closes.
            availableConnectionsDelegate: .maximum(settings.maxConnections, logger: logger)),
        services: background,
        logger: logger)
}

/// The router: health checks, public pages, and the authenticated `/api` group.
/// - Parameter bodyDeadline: the longest a request body may take to arrive (``BodyDeadlineMiddleware``).
public func buildRouter(_ services: APIServices, bodyDeadline: Duration = .seconds(30)) -> Router<LunasRequestContext> {
    let router = Router(context: LunasRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: APIErrorMiddleware())
    let routeMethods = RouteMethods()
    router.add(middleware: MethodNotAllowedMiddleware(routes: routeMethods))
    router.add(middleware: BodyDeadlineMiddleware(deadline: bodyDeadline))
    let openAPI = Array(OpenAPIDocument.yaml(for: services.configuration).utf8)
    router.get("openapi.yaml") { _, _ in APIResponse.bytes(openAPI, mediaType: "application/yaml") }
    router.get("healthz") { _, _ in try APIResponse.json(["status": "ok"]) }
    router.get("readyz") { _, _ in
        _ = try await services.store.events(after: 0, limit: 1)
        return try APIResponse.json(["status": "ready"])
    }
    PublicRoutes(services: services).register(on: router)
    PublicComplaintRoutes(services: services).register(on: router)
    TransparencyRoutes(services: services).register(on: router)
    if let acquirer = services.acquirer { NotifyRoute(services: services, link: acquirer).register(on: router) }
    let api = router.group("api").add(
        middleware: DeviceAuthenticator(store: services.store, cache: services.deviceCache))
    IssuingRoutes(services: services).register(on: api)
    TicketLookupRoutes(services: services).register(on: api)
    InvoiceRoutes(services: services).register(on: api)
    InvoiceEventsRoute(services: services).register(on: api)
    ReportRoutes(services: services).register(on: api)
    SettlementRoutes(services: services).register(on: api)
    ExceptionRoutes(services: services).register(on: api)
    ComplaintRoutes(services: services).register(on: api)
    DayRoutes(services: services).register(api: api, public: router)
    PaymentRoutes(services: services).register(on: api)
    OfflineRoutes(services: services).register(on: api)
    DeviceRoutes(services: services).register(on: api)
    ConsoleRoutes(services: services).register(on: router)
    routeMethods.record(router.routes.map { (path: $0.path, method: $0.method) })
    return router
}
