import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Logging
import Synchronization
import Testing

/// A clock the tests move by hand, so hourly stays can be priced without sleeping.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A real server on a real SQLite file in a temporary directory, with one device per role.
///
/// The fixture opens the store and hands it to ``buildApplication(settings:store:parts:logger:now:onMetricsListening:)``:
/// the server and the test read and write the same store.
struct APIFixture {
    let directory: URL
    var settings: ServerSettings
    let store: SQLiteLedgerStore
    let clock: TestClock
    var tokens: [Device.Role: String] = [:]
    var deviceIDs: [Device.Role: Device.ID] = [:]

    /// 10:00 WIT on a weekday outside every event and night window of the demo tariffs.
    static let start = Date(timeIntervalSince1970: 1_795_482_000)  // 2026-11-24T01:00:00Z

    /// The repository's `Config/` (the demo city).
    static var configDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config").path
    }

    static func make(expiryInterval: Duration = .seconds(60)) async throws -> APIFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var settings = ServerSettings(
            host: "127.0.0.1", port: 0, dataDirectory: directory.path, configDirectory: configDirectory)
        settings.expiryInterval = expiryInterval
        settings.demo = true  // the demo city's test-only simulator profile
        settings.metricsPort = 0  // tests run side by side: any free port
        // The test client keeps one connection and does not reconnect; with 2 cores and hundreds of
        // tests in parallel a test can pause longer than the 30 s default between two requests, and
        // the idle timeout would close its connection under it. The timeouts have tests of their own.
        settings.idleTimeoutSeconds = 600
        let store = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("lunas.sqlite").path)
        var fixture = APIFixture(directory: directory, settings: settings, store: store, clock: TestClock(start))
        for role in Device.Role.allCases {
            let token = Device.generateToken()
            let id = Device.ID("t-\(role.rawValue)")
            _ = try await store.enrolDevice(
                DeviceDraft(
                    id: id, name: "Test \(role.rawValue)", role: role, zone: role == .attendant ? "ayp-01" : "-",
                    credentialHash: Device.credentialHash(forToken: token), enrolledAt: start,
                    idempotencyKey: "enrol-\(id.rawValue)"))
            fixture.tokens[role] = token
            fixture.deviceIDs[role] = id
        }
        return fixture
    }

    /// Runs `test` against the live server (real HTTP over loopback), logging to `logger` (warnings
    /// and worse to the console when nil).
    func live<Value>(
        logger: Logger? = nil, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let logger =
            logger
            ?? {
                var logger = Logger(label: "lunas-test")
                logger.logLevel = .warning
                return logger
            }()
        let clock = clock
        let app = try await buildApplication(settings: settings, store: store, logger: logger, now: { clock.now })
        return try await app.test(.live, test)
    }

    func headers(_ role: Device.Role?, key: String? = nil, json: Bool = true) -> HTTPFields {
        var fields = HTTPFields()
        if let role, let token = tokens[role] { fields[.authorization] = "Bearer \(token)" }
        if let key { fields[HTTPField.Name("Idempotency-Key")!] = key }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    /// How many events the ledger holds (to prove a refused request wrote nothing).
    func eventCount() async throws -> Int {
        try await store.events(after: 0, limit: 100_000).count
    }
}

/// Decodes a response body as a JSON object.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    return try #require(
        try JSONSerialization.jsonObject(with: data) as? [String: Any],
        "not a JSON object: \(String(decoding: data, as: UTF8.self))")
}

/// The `error` object of an error response.
func errorObject(_ response: TestResponse) throws -> [String: Any] {
    try #require(try jsonObject(response)["error"] as? [String: Any])
}
