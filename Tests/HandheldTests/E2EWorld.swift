import Foundation
import Handheld
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The processes of the end-to-end test: `lunas serve --demo` on a fixed free port (so the
/// simulator's notify URL survives its restart) and `lunas acquirer-sim --demo`, in a temporary
/// folder, with a finance device to read exceptions.
final class E2EWorld: @unchecked Sendable {
    // Mutated only by the test's one task, in order; @unchecked because the class holds processes.
    let root: URL
    let data: URL
    let port: Int
    var server: ChildProcess?
    var simulator: ChildProcess?
    var simulatorPort = 0
    var financeToken = ""
    var serverStarts = 0
    /// The server's port, held while the server is down (``LoopbackPort/hold(_:)``).
    var heldPort: Int32?

    var serverURL: String { "http://127.0.0.1:\(port)" }
    static var configFile: String { TestExecutable.repositoryRoot.appendingPathComponent("Config/lunas.json").path }

    private init(root: URL, port: Int) {
        self.root = root
        self.data = root.appendingPathComponent("data")
        self.port = port
    }

    static func start() async throws -> E2EWorld {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-handheld-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let world = E2EWorld(root: root, port: try LoopbackPort.free())
        world.financeToken = try await world.enrolDevice(name: "Finance", role: "finance", zone: nil).token
        try await world.startServer()
        let simulator = try ChildProcess.start(
            TestExecutable.lunas(),
            [
                "acquirer-sim", "--demo", "--port", "0", "--data-dir", root.appendingPathComponent("sim").path,
                "--notify-url", world.serverURL, "--profile",
                TestExecutable.repositoryRoot.appendingPathComponent("Config/acquirers/simulator.json").path,
            ], log: root.appendingPathComponent("sim.log"))
        world.simulator = simulator
        let line = try #require(try await simulator.line(containing: "listening on 127.0.0.1:"), "\(simulator.printed)")
        let marker = try #require(line.range(of: "127.0.0.1:"))
        world.simulatorPort = try #require(Int(line[marker.upperBound...].prefix { $0.isNumber }))
        return world
    }

    /// `lunas device enroll` on the server's data directory: the device id and its token.
    func enrolDevice(name: String, role: String, zone: String?) async throws -> (id: String, token: String) {
        var arguments = ["device", "enroll", "--name", name, "--role", role, "--data-dir", data.path]
        arguments += ["--config", Self.configFile]
        if let zone { arguments += ["--zone", zone, "--attendant", "Petugas \(name)"] }
        let result = try await ChildProcess.run(TestExecutable.lunas(), arguments)
        try #require(result.succeeded, "\(result)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        let first = try #require(lines.first?.split(separator: " ").dropFirst(2).first)
        return (String(first), try #require(lines.last))
    }

    func startServer() async throws {
        LoopbackPort.release(heldPort)
        heldPort = nil
        serverStarts += 1
        let server = try ChildProcess.start(
            TestExecutable.lunas(),
            [
                "serve", "--demo", "--port", "\(port)", "--metrics-port", "0", "--data-dir", data.path, "--config",
                Self.configFile,
            ], log: root.appendingPathComponent("serve-\(serverStarts).log"))
        self.server = server
        _ = try #require(try await server.line(containing: "listening on 127.0.0.1:"), "\(server.printed)")
    }

    func stopServer() async throws {
        let stopped = try await server?.stop()
        #expect(stopped?.succeeded ?? false, "\(String(describing: stopped))")
        server = nil
        // Down means refused: no other test's server may answer on this port meanwhile.
        heldPort = LoopbackPort.hold(port)
    }

    func stopAll() {
        LoopbackPort.release(heldPort)
        heldPort = nil
        server?.send(SIGTERM)
        simulator?.send(SIGTERM)
    }

    /// Pays a QRIS at the simulator as a citizen's e-wallet would.
    func pay(_ qris: String) async throws {
        let paid = try await ChildProcess.run(
            TestExecutable.lunas(), ["acquirer-sim", "pay", qris, "--url", "http://127.0.0.1:\(simulatorPort)"])
        #expect(paid.succeeded, "\(paid)")
    }

    /// The simulator's notify deliveries (`GET /sim/notifies`).
    func deliveries() async throws -> [[String: Any]] {
        let url = try #require(URL(string: "http://127.0.0.1:\(simulatorPort)/sim/notifies"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? []
    }

    /// Waits (bounded) until each of `count` notifies has failed its first attempt (the server is
    /// down) and is on its second, still pending: the simulator retries them.
    func waitForFailedAttempts(_ count: Int) async throws {
        try await Self.waitUntil("\(count) notifies tried while the server is down") {
            let list = try await self.deliveries()
            return list.count >= count
                && list.allSatisfy { ($0["attempts"] as? Int ?? 0) >= 2 && $0["state"] as? String == "pending" }
        }
    }

    /// Waits (bounded) until the simulator has delivered `count` notifies, each after a retry.
    func waitForNotifies(_ count: Int) async throws {
        var list: [[String: Any]] = []
        try await Self.waitUntil("\(count) notifies delivered") {
            list = try await self.deliveries()
            return list.filter { $0["state"] as? String == "delivered" }.count >= count
        }
        #expect(list.allSatisfy { ($0["attempts"] as? Int ?? 0) > 1 }, "\(list)")
    }

    /// An HTTP request with an optional bearer token; the status and the JSON object answered.
    func request(
        _ method: String, _ url: String, token: String? = nil, body: Data? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// Polls `condition` every 50 ms for at most 90 s (a time-out, not a timing assertion).
    static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("gave up waiting: \(what)")
        throw CancellationError()
    }
}
