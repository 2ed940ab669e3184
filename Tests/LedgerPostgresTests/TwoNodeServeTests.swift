import Foundation
import FoundationNetworking
import Ledger
import LunasTestSupport
import Testing

/// Two real `lunas serve` processes on one PostgreSQL database serve one city (issue #18): the
/// ledger, the receipt key and the idempotency keys are the database's, so either node answers
/// for what the other wrote, and a write through one wakes a long-poll held on the other.
@Suite(
    "Two lunas serve nodes on one PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct TwoNodeServeTests {
    static var config: String { TestExecutable.repositoryRoot.appendingPathComponent("Config/lunas.json").path }

    /// `lunas ARGUMENTS` against `url`, its password from the test server's file.
    static func lunas(_ arguments: [String], url: String) async throws -> ChildProcess.Result {
        try await DatabaseMigrateCommandTests.lunas(
            arguments,
            environment: ["DATABASE_URL": url, "DATABASE_PASSWORD_FILE": DatabaseMigrateCommandTests.passwordFile])
    }

    /// A node: `lunas serve --demo` on `port` (0: a free one) with a data directory of its own,
    /// logging to `folder/LOG.log` (`log`: the name by default).
    static func node(
        _ name: String, url: String, in folder: URL, port: Int = 0, log: String? = nil
    ) async throws -> (process: ChildProcess, port: Int) {
        let data = folder.appendingPathComponent(name)
        let process = try ChildProcess.start(
            TestExecutable.lunas(),
            [
                "serve", "--demo", "--port", "\(port)", "--metrics-port", "0", "--data-dir", data.path, "--config",
                config,
            ],
            environment: .adding([
                "DATABASE_URL": url, "DATABASE_PASSWORD_FILE": DatabaseMigrateCommandTests.passwordFile,
            ]),
            log: folder.appendingPathComponent("\(log ?? name).log"))
        return (process, try await listeningPort(of: process, name: "node \(name)"))
    }

    /// The port of the "listening on 127.0.0.1:PORT" line `process` prints once it listens.
    static func listeningPort(of process: ChildProcess, name: String) async throws -> Int {
        let marker = "listening on 127.0.0.1:"
        guard let line = try await process.line(containing: marker), let range = line.range(of: marker),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            Issue.record("\(name) did not start: \(process.printed)")
            throw CancellationError()
        }
        return port
    }

    /// Runs `body` with a new folder for the nodes and a new database migrated with `lunas db migrate`
    /// holding `devices` attendants enrolled with `lunas device enroll` (their tokens, in order).
    static func withCity(
        devices: Int,
        _ body: (_ server: DatabaseLocation.PostgresServer, _ tokens: [String], _ folder: URL) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-nodes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await PostgresTestServer.withScratchDatabase { server, _ in
            let migrate = try await lunas(["db", "migrate"], url: server.url)
            #expect(migrate.succeeded, "\(migrate)")
            var tokens: [String] = []
            for index in 0..<devices {
                let enrol = try await lunas(
                    [
                        "device", "enroll", "--name", "Jukir \(index)", "--role", "attendant", "--zone", "ayp-01",
                        "--config", config,
                    ], url: server.url)
                #expect(enrol.succeeded, "\(enrol)")
                tokens.append(try #require(enrol.stdoutText.split(separator: "\n").last.map(String.init)))
            }
            try await body(server, tokens, folder)
        }
    }

    /// One HTTP exchange; the body parsed as a JSON object.
    static func call(
        _ method: String, _ port: Int, _ path: String, token: String, key: String? = nil, json: [String: Any]? = nil
    ) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        request.timeoutInterval = 120
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    @Test(
        "a ticket issued on A is read, replayed and its receipt verified on B; a cancel on B wakes a long-poll on A; a device revoked through the database is refused by both"
    )
    func twoNodes() async throws {
        try await Self.withCity(devices: 1) { server, tokens, folder in
            let url = server.url
            let token = tokens[0]
            let a = try await Self.node("a", url: url, in: folder)
            let b = try await Self.node("b", url: url, in: folder)
            defer {
                a.process.send(SIGKILL)
                b.process.send(SIGKILL)
            }
            let ticket = ["plate": "DE 1234 AB", "vehicleClass": "motorcycle"]
            let issued = try await Self.call(
                "POST", a.port, "/api/v1/parking/tickets", token: token, key: "two-1", json: ticket)
            #expect(issued.status == 201, "\(issued.body)")
            let invoice = try #require(issued.body["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let receipt = try #require(invoice["receiptCode"] as? String)

            // B reads it, answers the same request replayed with its key, and vouches for the receipt.
            let read = try await Self.call("GET", b.port, "/api/v1/invoices/\(id)", token: token)
            #expect(
                read.status == 200 && (read.body["invoice"] as? [String: Any])?["id"] as? String == id, "\(read.body)")
            let replay = try await Self.call(
                "POST", b.port, "/api/v1/parking/tickets", token: token, key: "two-1", json: ticket)
            #expect((replay.body["invoice"] as? [String: Any])?["id"] as? String == id, "\(replay.body)")
            let genuine = try await Self.call("GET", b.port, "/public/receipts/\(receipt)", token: token)
            #expect(genuine.body["genuine"] as? Bool == true, "\(genuine.body)")

            // A long-poll on A returns when B cancels the invoice.
            async let waited = Self.call("GET", a.port, "/api/v1/invoices/\(id)?wait=60", token: token)
            let cancelled = try await Self.call(
                "POST", b.port, "/api/v1/invoices/\(id)/cancel", token: token, json: ["reason": "salah plat"])
            #expect(cancelled.status == 200, "\(cancelled.body)")
            let woken = try await waited
            #expect((woken.body["invoice"] as? [String: Any])?["status"] as? String == "cancelled", "\(woken.body)")

            // Revoked through the database, the device is refused by both nodes on its next request.
            let deviceID = try #require(invoice["deviceID"] as? String)
            let revoke = try await Self.lunas(["device", "revoke", deviceID, "--reason", "hilang"], url: url)
            #expect(revoke.succeeded, "\(revoke)")
            for port in [a.port, b.port] {
                let refused = try await Self.call("GET", port, "/api/v1/invoices/\(id)", token: token)
                #expect(refused.status == 401, "\(refused.body)")
                let issuing = try await Self.call(
                    "POST", port, "/api/v1/parking/tickets", token: token, key: "two-\(port)", json: ticket)
                #expect(issuing.status == 401, "\(issuing.body)")
            }

            // Stopped as systemd stops them, after they wrote: a clean exit, no crash (the writer's
            // session used to be closed from an event loop thread and trap with SIGILL). The time-out
            // is a guard for a loaded machine (the whole suite at once), not a measure.
            for (name, node) in [("a", a), ("b", b)] {
                let stopped = try await node.process.stop(timeout: .seconds(120))
                let output = String(stopped.stderrText.suffix(1500))
                #expect(
                    stopped.succeeded,
                    "node \(name) exited \(stopped.status) (signal: \(stopped.terminatedBySignal)); its last output: \(output)"
                )
            }
        }
    }
}
