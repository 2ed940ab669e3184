import Foundation
import Testing

/// The built `lunas` binary resolving its settings: exit 2 for a bad value, and the device
/// commands finding the data directory as `lunas serve` does.
@Suite("lunas serve and lunas device settings (the built binary)")
struct SettingsCLITests {
    @Test("a bad value in the environment or the configuration file exits 2 naming key and layer")
    func badValueExitsTwo() async throws {
        let environment = try await DeviceCLITests.run(
            ["serve", "--port", "0"], environment: ["HTTP_PORT": "x", "LOG_LEVEL": "loud"])
        #expect(environment.status == 2)
        #expect(environment.stderr.contains("invalid setting log.level from the environment"), "\(environment.stderr)")

        let file = try ServerSettingsTests.configFile(#""invoices": {"lifetimeSeconds": 1}"#)
        let fromFile = try await DeviceCLITests.run(["serve", "--config", file, "--port", "0"])
        #expect(fromFile.status == 2)
        #expect(
            fromFile.stderr.contains("invalid setting invoices.lifetimeSeconds from the configuration file"),
            "\(fromFile.stderr)")

        let port = try await DeviceCLITests.run(["serve"], environment: ["HTTP_PORT": "eighty"])
        #expect(port.status == 2)
        #expect(port.stderr.contains("HTTP_PORT=\"eighty\""), "\(port.stderr)")
    }

    @Test("device commands take --data-dir, then DATA_DIR, then data.dir of the configuration file")
    func deviceDataDirectory() async throws {
        let temporary = FileManager.default.temporaryDirectory
        let fromFile = temporary.appendingPathComponent("lunas-dd-file-\(UUID())").path
        let fromEnvironment = temporary.appendingPathComponent("lunas-dd-env-\(UUID())").path
        try FileManager.default.createDirectory(atPath: fromEnvironment, withIntermediateDirectories: true)
        let config = try ServerSettingsTests.configFile(#""data": {"dir": "\#(fromFile)"}"#)

        let enrolled = try await DeviceCLITests.run([
            "device", "enroll", "--name", "Kiosk", "--role", "kiosk", "--config", config,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(FileManager.default.fileExists(atPath: fromFile + "/lunas.sqlite"))

        let listed = try await DeviceCLITests.run(["device", "list"], environment: ["LUNAS_CONFIG": config])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Kiosk"))

        let overridden = try await DeviceCLITests.run(
            ["device", "list"], environment: ["LUNAS_CONFIG": config, "DATA_DIR": fromEnvironment])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(!overridden.stdout.contains("Kiosk"))
        #expect(FileManager.default.fileExists(atPath: fromEnvironment + "/lunas.sqlite"))

        let flag = try await DeviceCLITests.run(
            ["device", "list", "--data-dir", fromFile], environment: ["DATA_DIR": fromEnvironment])
        #expect(flag.stdout.contains("Kiosk"))
    }
}
