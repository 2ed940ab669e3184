import API
import Foundation
import Ledger
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `lunas receipt-key rotate` on a data directory (SQLite, one node): refused while `lunas serve`
/// holds the directory (a node on SQLite reads its key only at start), done once it stopped; the
/// server started again signs with the new key and still verifies what the old one signed.
@Suite("lunas receipt-key rotate on a data directory (the built binary)")
struct ReceiptKeyRotateCommandTests {
    static var config: String { APIFixture.configDirectory + "/lunas.json" }

    static func rotate(_ data: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await DeviceCLITests.run(["receipt-key", "rotate", "--data-dir", data.path, "--config", config])
    }

    static func serve(_ data: URL, log: String) async throws -> (process: ChildProcess, port: Int) {
        try await ListeningProcess.start(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config", config,
            ], log: data.deletingLastPathComponent().appendingPathComponent(log))
    }

    /// One HTTP exchange; the body parsed as a JSON object.
    static func call(
        _ method: String, _ port: Int, _ path: String, token: String? = nil, json: [String: Any]? = nil
    ) async throws -> (status: Int, body: [String: Any]) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(UUID().uuidString, forHTTPHeaderField: "Idempotency-Key")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    /// A ticket issued through `port`: its receipt code.
    static func receipt(_ port: Int, token: String) async throws -> String {
        let issued = try await call(
            "POST", port, "/api/v1/parking/tickets", token: token,
            json: ["plate": "DE 4321 KR", "vehicleClass": "motorcycle"])
        #expect(issued.status == 201, "\(issued.body)")
        return try #require((issued.body["invoice"] as? [String: Any])?["receiptCode"] as? String)
    }

    /// The published ring of `port`: label by key id.
    static func ring(_ port: Int) async throws -> [String: String] {
        let keys = try #require(try await call("GET", port, "/public/receipt-keys").body["keys"] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: keys.map { ($0["keyId"] as? String ?? "", $0["label"] as? String ?? "") })
    }

    @Test("without a key (no server ever started there) it is refused with receipt.noKey and creates nothing")
    func noKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-rot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try await Self.rotate(folder.appendingPathComponent("data"))
        #expect(missing.status == 1, "\(missing)")
        #expect(
            missing.stderr.contains("receipt.noKey") && missing.stderr.contains("nothing rotated"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test(
        "refused while lunas serve holds the data directory; once it stopped, rotated; started again it signs with the new key and verifies the old receipts"
    )
    func rotateWhileStopped() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-rot-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let enrol = try await DeviceCLITests.run([
            "device", "enroll", "--name", "Jukir 1", "--role", "attendant", "--zone", "ayp-01", "--data-dir", data.path,
            "--config", Self.config,
        ])
        #expect(enrol.status == 0, "\(enrol.stderr)")
        let token = try #require(enrol.stdout.split(separator: "\n").last.map(String.init))
        let seedFile = data.appendingPathComponent(ReceiptKeyFile.privateKeyName)

        var server = try await Self.serve(data, log: "serve-1.log")
        defer { server.process.send(SIGKILL) }
        let old = try await Self.receipt(server.port, token: token)
        let oldKey = try ReceiptCode(parsing: old).keyID.description
        let oldSeed = try String(contentsOf: seedFile, encoding: .utf8)
        let busy = try await Self.rotate(data)
        #expect(busy.status == 1, "\(busy)")
        #expect(busy.stderr.contains("data.busy") && busy.stderr.contains("nothing rotated"), "\(busy.stderr)")
        #expect(try String(contentsOf: seedFile, encoding: .utf8) == oldSeed)
        #expect(
            !FileManager.default.fileExists(atPath: data.appendingPathComponent(ReceiptKeyFile.retiredKeysName).path))
        #expect(try await server.process.stop().succeeded)

        let rotated = try await Self.rotate(data)
        #expect(rotated.status == 0, "\(rotated)")
        let newSeed = try String(contentsOf: seedFile, encoding: .utf8)
        #expect(newSeed != oldSeed)
        let lines = rotated.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[1].hasPrefix("retired key: \(oldKey) (retired-"), "\(rotated.stdout)")
        let newKey = try #require(lines.first?.split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(newKey != oldKey && lines[0] == "signing key: \(newKey) (server)", "\(rotated.stdout)")
        for seed in [oldSeed, newSeed] {
            let text = seed.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!rotated.stdout.contains(text) && !rotated.stderr.contains(text), "a seed was printed")
        }

        server = try await Self.serve(data, log: "serve-2.log")
        let ring = try await Self.ring(server.port)
        #expect(ring[newKey] == "server" && ring[oldKey]?.hasPrefix("retired-") == true, "\(ring)")
        let genuineOld = try await Self.call("GET", server.port, "/public/receipts/\(old)")
        #expect(genuineOld.body["genuine"] as? Bool == true, "\(genuineOld.body)")
        let new = try await Self.receipt(server.port, token: token)
        #expect(try ReceiptCode(parsing: new).keyID.description == newKey)
        let genuineNew = try await Self.call("GET", server.port, "/public/receipts/\(new)")
        #expect(genuineNew.body["genuine"] as? Bool == true, "\(genuineNew.body)")
        #expect(try await Self.rotate(data).status == 1)
        #expect(try await server.process.stop().succeeded)
    }
}
