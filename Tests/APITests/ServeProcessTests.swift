import Foundation
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("lunas serve as a real process")
struct ServeProcessTests {
    @Test("it serves, and SIGTERM shuts it down cleanly with exit status 0; the ledger verifies")
    func gracefulShutdown() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let (process, bound) = try await ListeningProcess.start(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ],
            log: data.appendingPathComponent("serve.log"))
        defer { process.send(SIGTERM) }
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"status":"ok"}"#)

        let keyFile = data.appendingPathComponent("receipt-signing-key")
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")

        let verify = try await DeviceCLITests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ledger intact"))
    }

    @Test("a missing configuration exits 78 naming the file; a bad port exits 2")
    func startupErrors() async throws {
        let missing = try await DeviceCLITests.run(["serve", "--config", "/nonexistent/lunas.json", "--port", "0"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("/nonexistent/lunas.json"))
        let badPort = try await DeviceCLITests.run(["serve", "--port", "99999"])
        #expect(badPort.status == 2)
        #expect(badPort.stderr.contains("--port"))
    }
}
