import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The separate listener that serves `GET /metrics` (`metrics.host`:`metrics.port`, default
/// 127.0.0.1:9464), so the day's figures never reach the public port that nginx forwards.
///
/// It runs as a service of the main application: it starts and stops with it.
enum MetricsListener {
    /// The listener as an application.
    /// - Parameters:
    ///   - services: whose ``APIServices/metrics`` it serves.
    ///   - settings: `metricsHost`, `metricsPort` (0: any free port), the idle timeout and the cap.
    ///   - logger: logs the bound address once (`metrics served`, with `address`), so a port 0 is known.
    ///   - onListening: called with the bound port.
    static func application(
        services: APIServices, settings: ServerSettings, logger: Logger,
        onListening: (@Sendable (Int) async -> Void)?
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("metrics") { _, _ -> Response in
            let body = try await services.metrics.scrape(services)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        // Hummingbird's own "listening on" line stays quiet: the public listener's line is the
        // one scripts and tests look for.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let host = settings.metricsHost
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: settings.metricsPort), serverName: "lunas-metrics",
                availableConnectionsDelegate: .maximum(64, logger: quiet)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.metricsPort
                logger.info("metrics served", metadata: ["address": "\(host):\(port)", "path": "/metrics"])
                await onListening?(port)
            },
            logger: quiet)
    }
}
