import Reconciliation
import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// The parts of a running simulator server, for tests that look inside.
public struct SimulatorServer: Sendable {
    /// The simulated acquirer.
    public let simulator: AcquirerSimulator
    /// Its profile.
    public let profile: AcquirerProfile
    /// Its notify sender.
    public let notifier: SimulatorNotifier
    /// The MDR schedule of its settlement files.
    public let mdr: MDRSchedule
    /// Where the books are written.
    public let statePath: String
    /// The clock.
    public let now: @Sendable () -> Date

    /// Loads the profile, its keys, the MDR schedule, the settlement calendar
    /// (``settlementCalendar(settings:mdrPath:profile:)``) and the saved books (if any).
    /// - Throws: ``AcquirerError`` naming the bad file (`profile.invalid`, `mdr.invalid`, `sim.stateDamaged`);
    ///   ``ReconciliationError`` for a holiday calendar or settlement profile that does not load;
    ///   ``AcquirerError`` `config.demoOnly` for a test-only profile or demo keys without `demo`,
    ///   `settings.demoNotLoopback` for `demo` on another host.
    public init(
        settings: SimulatorServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws {
        profile = try AcquirerProfile.load(path: settings.profilePath)
        try profile.checkDemoOnly(demo: settings.demo, path: settings.profilePath)
        if settings.demo {
            guard DemoMode.isLoopback(settings.host) else {
                throw AcquirerError(
                    .demoNotLoopback,
                    "--host \"\(settings.host)\": --demo binds to loopback only (127.0.0.1, ::1 or localhost)",
                    field: "host")
            }
            logger.warning(
                "DEMO MODE: the acquirer simulator signs with keys anyone can read. Never use in production.",
                metadata: ["host": "\(settings.host)"])
        }
        let credentials = try profile.loadCredentials()
        let mdrPath =
            settings.mdrPath
            ?? URL(fileURLWithPath: settings.profilePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mdr.json").path
        mdr = try MDRSchedule.load(contentsOf: URL(fileURLWithPath: mdrPath))
        let settlement = try Self.settlementCalendar(settings: settings, mdrPath: mdrPath, profile: profile)
        simulator = AcquirerSimulator(profile: profile, credentials: credentials, seed: settings.seed)
        await simulator.setFaults(settings.faults)
        await simulator.setMDRSchedule(mdr)
        await simulator.setSettlementCalendar(settlement.calendar, settlementDays: settlement.settlementDays)
        try PrivateFile.createDirectory(settings.dataDirectory)
        statePath = settings.statePath
        let saved = FileManager.default.fileExists(atPath: statePath) ? try SimulatorState.read(from: statePath) : nil
        if let saved { await simulator.restore(saved) }
        notifier = SimulatorNotifier(
            simulator: simulator, notifyURL: settings.notifyURL, policy: settings.retryPolicy, now: now,
            logger: logger)
        self.now = now
        let (simulator, notifier, path) = (simulator, notifier, statePath)
        await notifier.onChange {
            do {
                try await Self.persist(simulator, notifier, to: path)
            } catch {
                logger.error("cannot keep the pending notifies", metadata: ["error": "\(error)"])
            }
        }
        await notifier.resume(saved?.pendingNotifies ?? [])
    }

    /// Saves the books and the pending notifies (atomically) after a change.
    func persist() async throws {
        try await Self.persist(simulator, notifier, to: statePath)
    }

    static func persist(_ simulator: AcquirerSimulator, _ notifier: SimulatorNotifier, to path: String) async throws {
        var state = await simulator.state()
        state.pendingNotifies = await notifier.pending()
        try state.write(to: path)
    }

    /// The router: the five SNAP services under the profile's prefix, and the `/sim` routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        for service in [SNAPService.accessToken, .generateQR, .queryQR, .cancelQR, .refundQR] {
            router.post(RouterPath(profile.path(of: service))) { request, _ in
                let snap = try await Self.snapRequest(request)
                let response = await simulator.handle(snap, now: now())
                try await persist()
                return Self.response(response)
            }
        }
        router.post("sim/pay") { request, _ in
            let snap = try await Self.snapRequest(request)
            let (response, payment) = await simulator.handlePay(body: snap.body, now: now())
            if let payment {
                try await persist()
                await notifier.send([payment])
            }
            return Self.response(response)
        }
        router.post("sim/reverse") { request, _ in
            let snap = try await Self.snapRequest(request)
            let response = await simulator.handleReverse(body: snap.body, now: now())
            if response.status == 200 { try await persist() }
            return Self.response(response)
        }
        router.get("sim/settlement") { request, _ in
            let query = request.uri.queryParameters
            let response = await simulator.handleSettlement(
                date: query["date"].map(String.init), paidOn: query["paidOn"].map(String.init),
                format: query["format"].map(String.init), mdr: mdr, now: now())
            return Self.response(response)
        }
        router.get("sim/faults") { _, _ in Self.response(SNAPHTTPResponse(status: 200, message: await simulator.faults))
        }
        router.put("sim/faults") { request, _ in
            let snap = try await Self.snapRequest(request)
            do throws(AcquirerError) {
                let faults = try SNAPCoding.decode(SimulatorFaults.self, from: snap.body, what: "faults")
                await simulator.setFaults(faults)
                return Self.response(SNAPHTTPResponse(status: 200, message: faults))
            } catch {
                return Self.response(
                    SNAPHTTPResponse(
                        status: 400,
                        message: ["error": ["code": error.code.rawValue, "message": error.message]]))
            }
        }
        router.get("sim/notifies") { _, _ in
            Self.response(SNAPHTTPResponse(status: 200, message: await notifier.deliveries()))
        }
        router.get("healthz") { _, _ in Self.response(SNAPHTTPResponse(status: 200, message: ["status": "ok"])) }
        return router
    }

    static func snapRequest(_ request: Request) async throws -> SNAPHTTPRequest {
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        return SNAPHTTPRequest(
            method: request.method.rawValue, path: request.uri.path,
            headers: HeaderFields(request.headers.map { (name: $0.name.canonicalName, value: $0.value) }),
            body: Array(body.readableBytesView))
    }

    static func response(_ response: SNAPHTTPResponse) -> Response {
        var headers = HTTPFields()
        for field in response.headers {
            if let name = HTTPField.Name(field.name) { headers.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}

/// Builds the `lunas acquirer-sim` application (the testable seam, like ``buildApplication(settings:logger:now:)``).
/// - Throws: ``AcquirerError`` for a bad profile, key, MDR schedule or state file.
public func buildSimulatorApplication(
    settings: SimulatorServerSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
) async throws -> (application: some ApplicationProtocol, server: SimulatorServer) {
    let server = try await SimulatorServer(settings: settings, logger: logger, now: now)
    logger.info(
        "acquirer simulator configured",
        metadata: [
            "profile": "\(server.profile.id)", "notify": "\(settings.notifyURL)",
            "state": "\(server.statePath)",
        ])
    let application = Application(
        router: server.router(),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "lunas-acquirer-sim"),
        logger: logger)
    return (application, server)
}
