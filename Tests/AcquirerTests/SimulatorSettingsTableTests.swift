import AcquirerSimulator
import Foundation
import Logging
import Settings
import Testing

/// `lunas acquirer-sim`'s settings, read by the same `Settings` table machinery as `lunas serve`:
/// command line > environment (`ACQUIRER_SIM_…`) > the simulator's configuration file > defaults.
/// Real files in a temporary directory.
@Suite("lunas acquirer-sim settings: flags, environment, file and their precedence")
struct SimulatorSettingsTableTests {
    /// A configuration file with `body` (a JSON object) in a directory of its own.
    static func configFile(_ body: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-sim-settings-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("acquirer-sim.json").path
        try Data(body.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Resolves with `file` named on the command line (unless the caller names another).
    static func resolve(
        file: String, environment: [String: String] = [:], commandLine: [String: String] = [:]
    ) async throws -> SimulatorServerSettings {
        var commandLine = commandLine
        if commandLine["config.file"] == nil, environment["ACQUIRER_SIM_CONFIG"] == nil {
            commandLine["config.file"] = file
        }
        return try await SimulatorServerSettings.resolve(
            commandLine: commandLine, environment: environment, defaults: SimulatorServerSettings(seed: 7))
    }

    /// The ``SettingsError`` `body` throws, or nil when it throws none.
    static func failure(_ body: () async throws -> SimulatorServerSettings) async -> SettingsError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? SettingsError
        }
    }

    @Test("defaults when no layer sets a key")
    func defaults() async throws {
        let settings = try await Self.resolve(file: try Self.configFile("{}"))
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8081)
        #expect(settings.profilePath == "Config/acquirers/simulator.json")
        #expect(settings.notifyURL == "http://127.0.0.1:8080")
        #expect(settings.dataDirectory == "./data/acquirer-sim")
        #expect(settings.mdrPath == nil)
        #expect(settings.seed == 7)
        #expect(settings.faults == .none)
        #expect(settings.faultsFile == nil)
        #expect(settings.demo == false)
        #expect(settings.logLevel == .info)
    }

    @Test("each layer alone sets the values: flag, environment, file")
    func eachLayer() async throws {
        let empty = try Self.configFile("{}")
        let fromFlags = try await Self.resolve(
            file: empty,
            commandLine: [
                "http.port": "9001", "http.host": "::1", "notify.url": "http://127.0.0.1:9000/notify",
                "data.dir": "/srv/sim", "seed": "42", "profile.file": "/etc/sim.json", "demo": "true",
            ])
        #expect(fromFlags.port == 9001)
        #expect(fromFlags.host == "::1")
        #expect(fromFlags.notifyURL == "http://127.0.0.1:9000/notify")
        #expect(fromFlags.dataDirectory == "/srv/sim")
        #expect(fromFlags.seed == 42)
        #expect(fromFlags.profilePath == "/etc/sim.json")
        #expect(fromFlags.demo)

        let fromEnvironment = try await Self.resolve(
            file: empty,
            environment: [
                "ACQUIRER_SIM_PORT": "9002", "ACQUIRER_SIM_HOST": "localhost",
                "ACQUIRER_SIM_NOTIFY_URL": "https://lunas.example/", "ACQUIRER_SIM_DATA_DIR": "/var/sim",
                "ACQUIRER_SIM_SEED": "43", "ACQUIRER_SIM_PROFILE": "/etc/env.json", "ACQUIRER_SIM_DEMO": "true",
                "ACQUIRER_SIM_MDR_FILE": "/etc/mdr.json", "LOG_LEVEL": "debug",
            ])
        #expect(fromEnvironment.port == 9002)
        #expect(fromEnvironment.host == "localhost")
        #expect(fromEnvironment.notifyURL == "https://lunas.example/")
        #expect(fromEnvironment.dataDirectory == "/var/sim")
        #expect(fromEnvironment.seed == 43)
        #expect(fromEnvironment.profilePath == "/etc/env.json")
        #expect(fromEnvironment.demo)
        #expect(fromEnvironment.mdrPath == "/etc/mdr.json")
        #expect(fromEnvironment.logLevel == .debug)

        let faults = try Self.configFile(
            #"""
            {"failingGenerates": 2, "generateFailure": "after-creating",
             "notify": {"duplicatePercent": 0, "dropPercent": 0, "outOfOrder": false,
                        "minimumDelayMilliseconds": 0, "maximumDelayMilliseconds": 0}}
            """#)
        let file = try Self.configFile(
            #"""
            {"http": {"port": 9003, "host": "127.0.0.1"}, "notify": {"url": "http://10.0.0.5:8080"},
             "data": {"dir": "/opt/sim"}, "seed": 44, "profile": {"file": "/etc/file.json"},
             "mdr": {"file": "/etc/file-mdr.json"}, "faults": {"file": "\#(faults)"}, "log": {"level": "warning"}}
            """#)
        let fromFile = try await Self.resolve(file: file)
        #expect(fromFile.port == 9003)
        #expect(fromFile.notifyURL == "http://10.0.0.5:8080")
        #expect(fromFile.dataDirectory == "/opt/sim")
        #expect(fromFile.seed == 44)
        #expect(fromFile.profilePath == "/etc/file.json")
        #expect(fromFile.mdrPath == "/etc/file-mdr.json")
        #expect(fromFile.faults.failingGenerates == 2)
        #expect(fromFile.faults.generateFailure == .afterCreating)
        #expect(fromFile.faultsFile == faults)
        #expect(fromFile.logLevel == .warning)
    }

    @Test("command line > environment > file > defaults, key by key")
    func precedence() async throws {
        let file = try Self.configFile(#"{"http": {"port": 9101, "host": "localhost"}, "data": {"dir": "/file"}}"#)
        let environment = ["ACQUIRER_SIM_PORT": "9102", "ACQUIRER_SIM_DATA_DIR": "/env"]
        let settings = try await Self.resolve(
            file: file, environment: environment, commandLine: ["http.port": "9103"])
        #expect(settings.port == 9103)  // the flag over the environment and the file
        #expect(settings.dataDirectory == "/env")  // the environment over the file
        #expect(settings.host == "localhost")  // the file over the default
        #expect(settings.notifyURL == "http://127.0.0.1:8080")  // the default

        // The file itself: --config over ACQUIRER_SIM_CONFIG.
        let other = try Self.configFile(#"{"http": {"port": 9104}}"#)
        let named = try await SimulatorServerSettings.resolve(
            commandLine: ["config.file": other], environment: ["ACQUIRER_SIM_CONFIG": file])
        #expect(named.configFile == other)
        #expect(named.port == 9104)
        let fromEnvironment = try await SimulatorServerSettings.resolve(
            commandLine: [:], environment: ["ACQUIRER_SIM_CONFIG": file])
        #expect(fromEnvironment.port == 9101)
    }

    @Test(
        "a key of the file that is not a setting is refused naming its JSON path",
        arguments: [
            (#"{"htpp": {"port": 1}}"#, "htpp"), (#"{"http": {"prot": 1}}"#, "http.prot"),
            (#"{"notify": {"url": "http://x", "retries": 3}}"#, "notify.retries"),
            (#"{"demo": true}"#, "demo"), (#"{"config": {"file": "/x.json"}}"#, "config"),
            // The server's sections are not the simulator's.
            (#"{"city": {"id": "ambon"}}"#, "city"),
        ])
    func unknownKey(body: String, path: String) async throws {
        let file = try Self.configFile(body)
        let error = try #require(await Self.failure { try await Self.resolve(file: file) })
        #expect(error.code == .unknownKey, "\(error)")
        #expect(error.field == path, "\(error)")
        #expect(error.message.contains(file), "\(error)")
        #expect(error.exitStatus == 78)
    }

    @Test(
        "a bad value names the key, the layer and the value",
        arguments: [
            ([:], ["ACQUIRER_SIM_PORT": "eighty"], "{}", "http.port", "the environment", "ACQUIRER_SIM_PORT="),
            (["http.port": "70000"], [:], "{}", "http.port", "the command line", "0–65535"),
            ([:], [:], #"{"notify": {"url": "ftp://host"}}"#, "notify.url", "the configuration file", "http://"),
            ([:], ["ACQUIRER_SIM_SEED": "-1"], "{}", "seed", "the environment", "got -1"),
            (["data.dir": ""], [:], "{}", "data.dir", "the command line", "must not be empty"),
            (["faults.file": "/nonexistent/faults.json"], [:], "{}", "faults.file", "the command line", "--faults"),
            ([:], ["LOG_LEVEL": "loud"], "{}", "log.level", "the environment", #""loud""#),
            ([:], [:], #"{"http": {"port": {"value": 1}}}"#, "http.port", "the configuration file", "an object"),
        ] as [([String: String], [String: String], String, String, String, String)])
    func badValue(
        commandLine: [String: String], environment: [String: String], body: String, key: String, layer: String,
        detail: String
    ) async throws {
        let file = try Self.configFile(body)
        let error = try #require(
            await Self.failure {
                try await Self.resolve(file: file, environment: environment, commandLine: commandLine)
            })
        #expect(error.code == .invalidValue, "\(error)")
        #expect(error.field == key, "\(error)")
        #expect(error.message.contains("invalid setting \(key)"), "\(error.message)")
        #expect(error.message.contains(layer), "\(error.message)")
        #expect(error.message.contains(detail), "\(error.message)")
        #expect(error.exitStatus == 2)
    }

    @Test("a configuration file named but missing is refused; one nobody named may be missing")
    func missingFile() async throws {
        let error = try #require(
            await Self.failure { try await Self.resolve(file: "/nonexistent/acquirer-sim.json") })
        #expect(error.code == .configFileUnreadable)
        #expect(error.message.contains("/nonexistent/acquirer-sim.json"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-sim-none-\(UUID())")
        var defaults = SimulatorServerSettings(seed: 1)
        defaults.configFile = directory.appendingPathComponent("acquirer-sim.json").path
        let settings = try await SimulatorServerSettings.resolve(commandLine: [:], environment: [:], defaults: defaults)
        #expect(settings.port == 8081)
    }

    @Test("every setting has a distinct key and environment variable, all ACQUIRER_SIM_ but the shared LOG_LEVEL")
    func table() {
        let settings = SimulatorServerSettings.table.settings
        #expect(Set(settings.map(\.key)).count == settings.count)
        #expect(Set(settings.map(\.environmentVariable)).count == settings.count)
        for setting in settings where setting.key != "log.level" {
            #expect(setting.environmentVariable.hasPrefix("ACQUIRER_SIM_"), "\(setting.key)")
            #expect(!setting.help.isEmpty, "\(setting.key)")
        }
        #expect(SimulatorServerSettings.table.named("http.port")?.flag == "--port")
        #expect(SimulatorServerSettings.table.named("faults.file")?.flag == "--faults")
    }
}
