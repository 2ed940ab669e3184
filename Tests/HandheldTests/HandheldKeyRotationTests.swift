import Foundation
import Handheld
import LunasTestSupport
import Testing

/// A handheld enrolled before the city rotated its receipt key (`lunas receipt-key rotate`): the
/// server then signs offline bundles with a key the ring stored at enrolment does not have.
@Suite("The handheld after the city rotates its receipt key")
struct HandheldKeyRotationTests {
    /// The key ids of the city's published ring.
    static func keyIDs(_ world: E2EWorld) async throws -> Set<String> {
        let (status, ring) = try await world.request("GET", world.serverURL + "/public/receipt-keys")
        try #require(status == 200, "\(ring)")
        let keys = try #require(ring["keys"] as? [[String: Any]], "\(ring)")
        return Set(keys.compactMap { $0["keyId"] as? String })
    }

    @Test("the next sync fetches the ring again and keeps the new bundle; offline issuing goes on with it")
    func syncAfterRotation() async throws {
        let world = try await E2EWorld.start()
        defer { world.stopAll() }
        let handheld = HandheldTerminal("hh", in: world.root)
        let device = try await world.enrolDevice(name: "HH", role: "attendant", zone: "ayp-01")
        let enrolled = try await handheld.json(["enroll", "--server", world.serverURL, "--token", device.token])
        #expect(enrolled["offline"] as? Bool == true, "\(enrolled)")
        let enrolmentKeys = try await Self.keyIDs(world)

        // The operator rotates the key (the SQLite node is stopped for it) and starts the node again.
        try await world.stopServer()
        let rotated = try await ChildProcess.run(
            TestExecutable.lunas(),
            ["receipt-key", "rotate", "--data-dir", world.data.path, "--config", E2EWorld.configFile])
        try #require(rotated.succeeded, "\(rotated)")
        try await world.startServer()
        let (status, bundle) = try await world.request(
            "GET", world.serverURL + "/api/v1/devices/me/bundle", token: device.token)
        try #require(status == 200, "\(bundle)")
        let signer = try #require(bundle["keyId"] as? String)
        #expect(!enrolmentKeys.contains(signer), "the bundle is signed by a key the handheld was never given")
        #expect(try await Self.keyIDs(world).isSuperset(of: enrolmentKeys.union([signer])))

        let synced = try await handheld.json(["sync"])
        #expect(synced["bundleRefreshed"] as? Bool == true, "\(synced)")

        // Offline, the handheld issues from the bundle the new key signed, checked against the new ring.
        try await world.stopServer()
        let offline = try await handheld.ticket(["issue", "--plate", "DE 1 RK", "--class", "motorcycle"])
        #expect(offline["mode"] as? String == "offline", "\(offline)")
        try await world.startServer()
        let again = try await handheld.json(["sync"])
        #expect((again["results"] as? [String: Any])?["recorded"] as? Int == 1, "\(again)")
    }

    @Test(
        "a server is trusted (enrolment, the key ring) over https or on this machine, never over plain http from elsewhere",
        arguments: [
            ("https://lunas.ambon.go.id", true), ("HTTPS://lunas.ambon.go.id:8443/", true),
            ("http://127.0.0.1:8080", true), ("http://localhost:8080", true), ("http://[::1]:8080", true),
            ("http://lunas.ambon.go.id", false), ("http://10.0.0.5:8080", false), ("http://127.0.0.1.example", false),
            ("ftp://lunas.ambon.go.id", false), ("not a url", false),
        ])
    func refetchPolicy(url: String, allowed: Bool) {
        #expect(Handheld.isTrustedServer(url) == allowed, "\(url)")
    }

    @Test("enrolling over plain http to another machine is refused (exit 2) before anything is sent or stored")
    func plainHTTPEnrolmentRefused() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-handheld-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let handheld = HandheldTerminal("hh", in: root)
        let result = try await handheld.run(["enroll", "--server", "http://10.0.0.5:8080", "--token", "x"])
        #expect(result.status == 2 && !result.terminatedBySignal, "\(result)")
        #expect(result.stderrText.contains("handheld.invalidArgument"), "\(result)")
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: handheld.stateDirectory.path)) ?? []
        #expect(!stored.contains("device-token"), "\(stored)")
    }
}
