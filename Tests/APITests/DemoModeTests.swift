import Foundation
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Demo mode is explicit (issue 12, item 1), start-up refusals (items 2 and 14): the built binary.
@Suite("lunas serve --demo, and what a production start refuses (the built binary)")
struct DemoModeTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lunas-\(name)-\(UUID().uuidString)")
    }

    /// A copy of the repository's `Config/` whose simulator profile is edited: `testOnly` removed
    /// and, with `moveKeys`, its keys copied out of `demo-keys/` into `keys/`; with `freshAcquirerKey`
    /// too, the acquirer's key pair there is a new one (`openssl genpkey`), as a real bank's would be.
    static func configuration(
        moveKeys: Bool, freshAcquirerKey: Bool = true, edits: [(String, String)] = []
    ) async throws -> URL {
        let copy = temporary("config")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: APIFixture.configDirectory), to: copy)
        let acquirers = copy.appendingPathComponent("acquirers")
        let profile = acquirers.appendingPathComponent("simulator.json")
        var text = try String(contentsOf: profile, encoding: .utf8)
        #expect(text.contains(#""testOnly": true,"#))
        text = text.replacingOccurrences(of: #""testOnly": true,"#, with: "")
        if moveKeys {
            try FileManager.default.copyItem(
                at: acquirers.appendingPathComponent("demo-keys"), to: acquirers.appendingPathComponent("keys"))
            try FileManager.default.removeItem(at: acquirers.appendingPathComponent("demo-keys"))
            text = text.replacingOccurrences(of: "demo-keys/", with: "keys/")
            if freshAcquirerKey {
                let keys = acquirers.appendingPathComponent("keys")
                try await FreshKeys.rsaPair(
                    privateKey: keys.appendingPathComponent("DEMO-ONLY-simulator-acquirer-private.pem"),
                    publicKey: keys.appendingPathComponent("DEMO-ONLY-simulator-acquirer-public.pem"))
            }
        }
        for (old, new) in edits {
            #expect(text.contains(old), "\(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: profile, atomically: true, encoding: .utf8)
        // Secret files readable by others are refused at start (item 12); the copy keeps them private.
        for folder in ["demo-keys", "keys"] {
            let directory = acquirers.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                try FileManager.default.setAttributes(
                    [.posixPermissions: 0o600], ofItemAtPath: directory.appendingPathComponent(name).path)
            }
        }
        return copy
    }

    @Test(
        "without --demo the shipped configuration exits 78 naming the test-only profile; the data directory stays absent"
    )
    func testOnlyProfileRefused() async throws {
        let data = Self.temporary("data")
        let output = try await DeviceCLITests.run([
            "serve", "--port", "0", "--metrics-port", "0", "--data-dir", data.path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("'simulator'"), "\(output.stderr)")
        #expect(output.stderr.contains("acquirers/simulator.json"), "\(output.stderr)")
        #expect(output.stderr.contains("--demo"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("without --demo a profile reading a key under demo-keys/ exits 78 naming the profile and the key file")
    func demoKeyRefused() async throws {
        let config = try await Self.configuration(
            moveKeys: false, edits: [(#""confirmWithQuery": false"#, #""confirmWithQuery": true"#)])
        let data = Self.temporary("data")
        let output = try await DeviceCLITests.run([
            "serve", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
            config.appendingPathComponent("lunas.json").path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("'simulator'"), "\(output.stderr)")
        #expect(output.stderr.contains("demo-keys/DEMO-ONLY-"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("the committed demo acquirer key copied out of demo-keys/ is still refused without --demo (by its key id)")
    func copiedDemoKeyRefused() async throws {
        let config = try await Self.configuration(
            moveKeys: true, freshAcquirerKey: false,
            edits: [(#""confirmWithQuery": false"#, #""confirmWithQuery": true"#)])
        let data = Self.temporary("data")
        let output = try await DeviceCLITests.run([
            "serve", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
            config.appendingPathComponent("lunas.json").path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("config.demoOnly"), "\(output.stderr)")
        #expect(output.stderr.contains("key id rsa:fba2cee6d6ce2a2e"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("an rsa-client-timestamp profile that is not test-only needs confirmWithQuery: exit 78 naming the profile")
    func unsignedBodySchemeRefused() async throws {
        let config = try await Self.configuration(moveKeys: true)
        let data = Self.temporary("data")
        let output = try await DeviceCLITests.run([
            "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
            config.appendingPathComponent("lunas.json").path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("profile 'simulator'"), "\(output.stderr)")
        #expect(output.stderr.contains("rsa-client-timestamp"), "\(output.stderr)")
        #expect(output.stderr.contains("confirmWithQuery"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("with confirmWithQuery the same profile starts without --demo, and /metrics is not on the public port")
    func confirmedSchemeStarts() async throws {
        let config = try await Self.configuration(
            moveKeys: true, edits: [(#""confirmWithQuery": false"#, #""confirmWithQuery": true"#)])
        let data = Self.temporary("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let log = data.appendingPathComponent("serve.log")
        let (process, port) = try await ListeningProcess.start(
            [
                "serve", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                config.appendingPathComponent("lunas.json").path,
            ], log: log)
        defer { process.send(SIGTERM) }
        let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 404)
        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")
        #expect(!process.printed.contains("DEMO MODE"))
    }

    @Test("--demo refuses a host that is not loopback with exit 2 naming the host")
    func demoLoopbackOnly() async throws {
        let output = try await DeviceCLITests.run([
            "serve", "--demo", "--host", "0.0.0.0", "--port", "0", "--data-dir", Self.temporary("data").path,
        ])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("0.0.0.0"), "\(output.stderr)")
        #expect(output.stderr.contains("loopback"), "\(output.stderr)")
        let environment = try await DeviceCLITests.run(
            ["serve", "--port", "0", "--data-dir", Self.temporary("data").path],
            environment: ["LUNAS_DEMO": "true", "HTTP_HOST": "192.0.2.1"])
        #expect(environment.status == 2, "\(environment.stderr)")
        #expect(environment.stderr.contains("192.0.2.1"), "\(environment.stderr)")
    }

    @Test("--demo starts with the demo profile and logs a warning line saying so")
    func demoWarns() async throws {
        let data = Self.temporary("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let log = data.appendingPathComponent("serve.log")
        let (process, _) = try await ListeningProcess.start(
            ["serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path], log: log)
        defer { process.send(SIGTERM) }
        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")
        let warning = try #require(process.printed.split(separator: "\n").first { $0.contains("DEMO MODE") })
        #expect(warning.contains("warning"))
    }

    @Test("lunas acquirer-sim without --demo exits 78 naming the test-only profile")
    func simulatorNeedsDemo() async throws {
        let output = try await DeviceCLITests.run([
            "acquirer-sim", "--port", "0", "--data-dir", Self.temporary("sim").path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("'simulator'"), "\(output.stderr)")
        #expect(output.stderr.contains("--demo"), "\(output.stderr)")
    }

    @Test("a port in use exits 1 naming host and port, before anything exists under the data directory")
    func portInUse() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let data = Self.temporary("data")
        let output = try await DeviceCLITests.run([
            "serve", "--demo", "--port", "\(listener.port)", "--metrics-port", "0", "--data-dir", data.path,
        ])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("127.0.0.1:\(listener.port)"), "\(output.stderr)")
        #expect(output.stderr.contains("in use"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))

        let metrics = try await DeviceCLITests.run([
            "serve", "--demo", "--port", "0", "--metrics-port", "\(listener.port)", "--data-dir", data.path,
        ])
        #expect(metrics.status == 1, "\(metrics.stderr)")
        #expect(metrics.stderr.contains("127.0.0.1:\(listener.port)"), "\(metrics.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("a configuration with missing files prints each problem once")
    func missingConfigurationListedOnce() async throws {
        let config = Self.temporary("empty-config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data(#"{"city": {"id": "x"}}"#.utf8).write(to: config.appendingPathComponent("lunas.json"))
        let output = try await DeviceCLITests.run([
            "serve", "--port", "0", "--metrics-port", "0", "--config", config.appendingPathComponent("lunas.json").path,
            "--data-dir", Self.temporary("data").path,
        ])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.components(separatedBy: "zones.json: file not found").count == 2, "\(output.stderr)")
        #expect(output.stderr.components(separatedBy: "fees.json: file not found").count == 2, "\(output.stderr)")
    }
}

/// A TCP listener on 127.0.0.1 at a port the kernel picks, to hold a port in use.
final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(descriptor, 16) == 0, "cannot listen: errno \(errno)")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
