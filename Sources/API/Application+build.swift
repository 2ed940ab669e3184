import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import LedgerSQLite
import Logging

/// Builds the Lunas HTTP application: the testable seam behind `lunas serve`.
///
/// Loads and validates the city configuration, opens (or creates) the SQLite ledger and the
/// receipt signing key in the data directory, and wires the routes.
/// `/metrics` is served by a second listener (``ServerSettings/metricsHost``:``ServerSettings/metricsPort``)
/// that runs as a service of the returned application; the public router has no `/metrics`.
/// - Parameters:
///   - settings: host, port, data and configuration directories.
///   - logger: the application's logger.
///   - now: the clock (tests move it to price hourly stays).
///   - onMetricsListening: called with the metrics listener's port once it listens.
/// - Throws: `config.invalid` for a bad configuration, `config.demoOnly` for a demo-only acquirer
///   profile without ``ServerSettings/demo``, `settings.demoNotLoopback`, storage errors.
public func buildApplication(
    settings: ServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
    onMetricsListening: (@Sendable (Int) async -> Void)? = nil
) async throws -> some ApplicationProtocol {
    try settings.checkDemoHost()
    settings.logDemoWarning(logger)
    let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory))
    let dataDirectory = URL(fileURLWithPath: settings.dataDirectory)
    // The acquirer first: a profile refused at start (demo-only, unsafe notify scheme) leaves the
    // data directory untouched.
    let acquirer = try AcquirerLink.load(
        configDirectory: settings.configDirectory, dataDirectory: settings.dataDirectory,
        acquirerURL: settings.acquirerURL, demo: settings.demo, now: now)
    let key = try ReceiptKeyFile.loadOrCreate(dataDirectory: dataDirectory)
    let store = try await SQLiteLedgerStore.open(path: settings.databasePath)
    let settlements = try SettlementImporter(
        configDirectory: URL(fileURLWithPath: settings.configDirectory), dataDirectory: dataDirectory,
        merchant: configuration.city.merchant, maximumBytes: settings.maximumSettlementBytes,
        diskReserveBytes: Int64(settings.settlementDiskReserveBytes))
    let services = try APIServices(
        configuration: configuration, store: store, signingKey: key, invoiceLifetime: settings.invoiceLifetime,
        acquirer: acquirer, now: now, settlements: settlements)
    logger.info(
        "lunas configured",
        metadata: [
            "city": "\(configuration.city.id)", "database": "\(settings.databasePath)",
            "receiptKeyID": "\(key.publicKey.keyID)",
            "acquirer": "\(acquirer.map { "\($0.profile.id) (\($0.profile.issuingMode.rawValue))" } ?? "none")",
            // What `lunas ledger payments --verified-by` takes to list the notifies this key let in.
            "notifyKeyID": "\(acquirer?.processor.keyID ?? "none")",
        ])
    let metrics = MetricsListener.application(
        services: services, settings: settings, logger: logger, onListening: onMetricsListening)
    return Application(
        router: buildRouter(services, bodyDeadline: .seconds(settings.idleTimeoutSeconds)),
        // The idle timeout also closes a connection whose request head never completes.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "lunas",
            // Past the cap, connections wait in the listen backlog until one closes.
            availableConnectionsDelegate: .maximum(settings.maxConnections, logger: logger)),
        services: [
            InvoiceExpiryService(services: services, interval: settings.expiryInterval, logger: logger), metrics,
        ],
        logger: logger)
}

/// The router: health checks, public pages, and the authenticated `/api` group.
/// - Parameter bodyDeadline: the longest a request body may take to arrive (``BodyDeadlineMiddleware``).
public func buildRouter(_ services: APIServices, bodyDeadline: Duration = .seconds(30)) -> Router<LunasRequestContext> {
    let router = Router(context: LunasRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
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
    if let acquirer = services.acquirer { NotifyRoute(services: services, link: acquirer).register(on: router) }
    let api = router.group("api").add(middleware: DeviceAuthenticator(store: services.store, cache: services.deviceCache))
    IssuingRoutes(services: services).register(on: api)
    TicketLookupRoutes(services: services).register(on: api)
    InvoiceRoutes(services: services).register(on: api)
    InvoiceEventsRoute(services: services).register(on: api)
    ReportRoutes(services: services).register(on: api)
    SettlementRoutes(services: services).register(on: api)
    DeviceRoutes(services: services).register(on: api)
    routeMethods.record(router.routes.map { (path: $0.path, method: $0.method) })
    return router
}
