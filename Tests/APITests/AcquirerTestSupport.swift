import AcquirerSimulator
import API
import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import NIOCore
import Synchronization
import Testing

/// Lunas and the acquirer simulator as two real servers on ephemeral loopback ports, sharing the
/// fixture's clock, the simulator notifying Lunas over HTTP.
struct AcquirerLoop {
    let fixture: APIFixture
    let simulator: SimulatorServer
    let simulatorClient: any TestClientProtocol
    let lunas: any TestClientProtocol

    static var logger: Logger {
        var logger = Logger(label: "lunas-acquirer-test")
        logger.logLevel = .warning
        return logger
    }

    /// The simulator settings for a test: the demo profile, fast notify retries, a fixed seed.
    static func simulatorSettings(_ fixture: APIFixture) -> SimulatorServerSettings {
        var settings = SimulatorServerSettings(
            host: "127.0.0.1", port: 0, profilePath: APIFixture.configDirectory + "/acquirers/simulator.json",
            notifyURL: "http://127.0.0.1:1", dataDirectory: fixture.directory.appendingPathComponent("sim").path,
            seed: 7, retryPolicy: NotifyRetryPolicy(maximumAttempts: 3, firstDelayMilliseconds: 50))
        settings.demo = true
        return settings
    }

    /// A copy of the repository's `Config/` whose acquirer profile issues in `mode`.
    static func configuration(mode: String, in fixture: APIFixture) throws -> String {
        try configuration(editing: [(#""issuingMode": "local""#, #""issuingMode": "\#(mode)""#)], in: fixture)
    }

    /// A copy of the repository's `Config/` with text replaced in its acquirer profile.
    static func configuration(editing edits: [(String, String)], in fixture: APIFixture) throws -> String {
        let copy = fixture.directory.appendingPathComponent("config")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: APIFixture.configDirectory), to: copy)
        let profile = copy.appendingPathComponent("acquirers/simulator.json")
        var text = try String(contentsOf: profile, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "\(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: profile, atomically: true, encoding: .utf8)
        return copy.path
    }

    /// Starts the simulator, then Lunas issuing through it (`acquirerURL`), then points the
    /// simulator's notifies at Lunas, and runs `test`.
    static func run(
        _ fixture: APIFixture, configDirectory: String = APIFixture.configDirectory,
        acquirerURL: (@Sendable (Int) -> String)? = nil,
        _ test: @Sendable (AcquirerLoop) async throws -> Void
    ) async throws {
        let clock = fixture.clock
        let (simulatorApp, simulator) = try await buildSimulatorApplication(
            settings: simulatorSettings(fixture), logger: logger, now: { clock.now })
        try await liveTest(simulatorApp) { simulatorClient in
            let simulatorPort = try #require(simulatorClient.port)
            var settings = fixture.settings
            settings.configDirectory = configDirectory
            settings.acquirerURL = acquirerURL?(simulatorPort) ?? "http://127.0.0.1:\(simulatorPort)"
            let app = try await buildApplication(
                settings: settings, store: fixture.store, logger: logger, now: { clock.now })
            try await liveTest(app) { lunas in
                let lunasPort = try #require(lunas.port)
                await simulator.notifier.setNotifyURL("http://127.0.0.1:\(lunasPort)")
                try await test(
                    AcquirerLoop(fixture: fixture, simulator: simulator, simulatorClient: simulatorClient, lunas: lunas)
                )
                await simulator.notifier.settle()
            }
        }
    }

    /// `application.test(.live)`, except that the test client's own teardown failing because the
    /// server had already closed the connection (`ChannelError.ioOnClosedChannel` from
    /// `TestClient.shutdown`, which only forgives `alreadyClosed`) does not fail a test whose body
    /// passed. An error from the body itself, closed channel included, still fails it.
    static func liveTest<App: ApplicationProtocol>(
        _ application: App, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let finished = Flag()
        do {
            try await application.test(.live) { client in
                try await body(client)
                finished.set()
            }
        } catch ChannelError.ioOnClosedChannel where finished.isSet {
        }
    }

    /// Issues a motorcycle ticket (flat Rp2.000) as the attendant; returns the response.
    func issueTicket(key: String, token: String? = nil) async throws -> TestResponse {
        var headers = fixture.headers(.attendant, key: key)
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await lunas.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: headers,
            body: ByteBuffer(string: #"{"plate":"DE 1234 AB","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
    }

    /// Pays a QRIS payload through `POST /sim/pay`.
    func pay(_ qris: String, issuer: String = "OVO") async throws -> TestResponse {
        let body = String(decoding: SNAPCoding.encode(SimulatedPayRequest(qris: qris, issuer: issuer)), as: UTF8.self)
        return try await simulatorClient.execute(
            uri: "/sim/pay", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
    }

    /// Sets the simulator's faults over HTTP.
    func setFaults(_ json: String) async throws {
        let response = try await simulatorClient.execute(
            uri: "/sim/faults", method: .put, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: json))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
    }

    /// Posts a notify to Lunas exactly as built.
    func postNotify(_ request: SNAPHTTPRequest) async throws -> TestResponse {
        var headers = HTTPFields()
        for field in request.headers {
            headers.append(HTTPField(name: try #require(HTTPField.Name(field.name)), value: field.value))
        }
        return try await lunas.execute(
            uri: request.path, method: .post, headers: headers, body: ByteBuffer(bytes: request.body))
    }
}

/// A flag set once, read from any task.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
