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
/// - Parameters:
///   - settings: host, port, data and configuration directories.
///   - logger: the application's logger.
///   - now: the clock (tests move it to price hourly stays).
/// - Throws: `config.invalid` for a bad configuration, storage errors.
public func buildApplication(
    settings: ServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
) async throws -> some ApplicationProtocol {
    let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory))
    let dataDirectory = URL(fileURLWithPath: settings.dataDirectory)
    let key = try ReceiptKeyFile.loadOrCreate(dataDirectory: dataDirectory)
    let acquirer = try AcquirerLink.load(
        configDirectory: settings.configDirectory, dataDirectory: settings.dataDirectory,
        acquirerURL: settings.acquirerURL, now: now)
    let store = try await SQLiteLedgerStore.open(path: settings.databasePath)
    let settlements = try SettlementImporter(
        configDirectory: URL(fileURLWithPath: settings.configDirectory), dataDirectory: dataDirectory,
        merchant: configuration.city.merchant, maximumBytes: settings.maximumSettlementBytes)
    let services = try APIServices(
        configuration: configuration, store: store, signingKey: key, invoiceLifetime: settings.invoiceLifetime,
        acquirer: acquirer, now: now, settlements: settlements)
    logger.info(
        "lunas configured",
        metadata: [
            "city": "\(configuration.city.id)", "database": "\(settings.databasePath)",
            "receiptKeyID": "\(key.publicKey.keyID)",
            "acquirer": "\(acquirer.map { "\($0.profile.id) (\($0.profile.issuingMode.rawValue))" } ?? "none")",
        ])
    return Application(
        router: buildRouter(services),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "lunas"),
        services: [InvoiceExpiryService(services: services, interval: settings.expiryInterval, logger: logger)],
        logger: logger)
}

/// The router: health checks, public pages, and the authenticated `/api` group.
public func buildRouter(_ services: APIServices) -> Router<LunasRequestContext> {
    let router = Router(context: LunasRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: APIErrorMiddleware())
    router.get("metrics") { _, _ in
        APIResponse.bytes(try await services.metrics.scrape(services), mediaType: "text/plain; version=0.0.4")
    }
    router.get("openapi.yaml") { _, _ in
        APIResponse.bytes(Array(OpenAPIDocument.yaml.utf8), mediaType: "application/yaml")
    }
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
    return router
}
