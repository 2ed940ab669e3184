import API
import Foundation
import Logging
import Settings
import Testing

/// `ServerSettings.resolve`: swift-configuration with command line > environment > the
/// configuration file > defaults, on real files in a temporary directory.
@Suite("lunas serve settings: precedence and bad values")
struct ServerSettingsTests {
    /// A configuration file with `server` as its server keys (next to a `city` object).
    static func configFile(_ server: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-settings-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("lunas.json").path
        let separator = server.isEmpty ? "" : ", "
        try Data(#"{"city": {"id": "ambon", "name": "X"}\#(separator)\#(server)}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    static let fullFile = """
        "http": {"host": "10.0.0.1", "port": 9001}, "data": {"dir": "/srv/file"},
        "invoices": {"lifetimeSeconds": 600}, "log": {"level": "debug"}
        """

    static let fullEnvironment = [
        "HTTP_HOST": "10.0.0.2", "HTTP_PORT": "9002", "DATA_DIR": "/srv/env", "INVOICE_LIFETIME_SECONDS": "900",
        "LOG_LEVEL": "warning",
    ]

    /// Resolves with `LUNAS_CONFIG` naming `file`, unless the command line names one.
    static func resolve(
        file: String, environment: [String: String] = [:], commandLine: [String: String] = [:]
    ) async throws -> ServerSettings {
        var environment = environment
        environment["LUNAS_CONFIG"] = environment["LUNAS_CONFIG"] ?? file
        return try await ServerSettings.resolve(commandLine: commandLine, environment: environment)
    }

    /// The error `body` throws.
    static func failure(_ body: () async throws -> ServerSettings) async -> SettingsError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? SettingsError
        }
    }

    @Test("defaults when no layer sets a key")
    func defaults() async throws {
        let file = try Self.configFile("")
        let settings = try await Self.resolve(file: file)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.dataDirectory == "./data")
        #expect(settings.invoiceLifetime == 3600)
        #expect(settings.logLevel == .info)
        #expect(settings.configFile == file)
        #expect(settings.configDirectory == URL(fileURLWithPath: file).deletingLastPathComponent().path)
    }

    @Test("the configuration file overrides the defaults")
    func fileOverDefaults() async throws {
        let settings = try await Self.resolve(file: try Self.configFile(Self.fullFile))
        #expect(settings.host == "10.0.0.1")
        #expect(settings.port == 9001)
        #expect(settings.dataDirectory == "/srv/file")
        #expect(settings.invoiceLifetime == 600)
        #expect(settings.logLevel == .debug)
    }

    @Test("the environment overrides the configuration file")
    func environmentOverFile() async throws {
        let settings = try await Self.resolve(
            file: try Self.configFile(Self.fullFile), environment: Self.fullEnvironment)
        #expect(settings.host == "10.0.0.2")
        #expect(settings.port == 9002)
        #expect(settings.dataDirectory == "/srv/env")
        #expect(settings.invoiceLifetime == 900)
        #expect(settings.logLevel == .warning)
    }

    @Test("the command line overrides the environment")
    func commandLineOverEnvironment() async throws {
        let settings = try await Self.resolve(
            file: try Self.configFile(Self.fullFile), environment: Self.fullEnvironment,
            commandLine: ["http.host": "10.0.0.3", "http.port": "9003", "data.dir": "/srv/flag"])
        #expect(settings.host == "10.0.0.3")
        #expect(settings.port == 9003)
        #expect(settings.dataDirectory == "/srv/flag")
        #expect(settings.invoiceLifetime == 900)  // no flag: the environment's
    }

    @Test("--config overrides LUNAS_CONFIG; the chosen file's keys apply")
    func configFileChoice() async throws {
        let fromEnvironment = try Self.configFile(#""http": {"port": 9101}"#)
        let fromFlag = try Self.configFile(#""http": {"port": 9102}"#)
        let settings = try await ServerSettings.resolve(
            commandLine: ["config.file": fromFlag], environment: ["LUNAS_CONFIG": fromEnvironment])
        #expect(settings.configFile == fromFlag)
        #expect(settings.port == 9102)
    }

    @Test(
        "a bad value names the key, the layer and the value",
        arguments: [
            (["HTTP_PORT": "eighty"], "", [:], "http.port", "the environment", "HTTP_PORT=\"eighty\""),
            (["HTTP_PORT": "70000"], "", [:], "http.port", "the environment", "0–65535"),
            ([:], #""http": {"port": "eighty"}"#, [:], "http.port", "the configuration file", "lunas.json"),
            ([:], #""http": {"port": 70000}"#, [:], "http.port", "the configuration file", "got 70000"),
            ([:], "", ["http.port": "x"], "http.port", "the command line", "--port \"x\""),
            (["INVOICE_LIFETIME_SECONDS": "5"], "", [:], "invoices.lifetimeSeconds", "the environment", "60–604800"),
            (["LOG_LEVEL": "loud"], "", [:], "log.level", "the environment", "\"loud\""),
            ([:], #""data": {"dir": ""}"#, [:], "data.dir", "the configuration file", "must not be empty"),
            ([:], #""http": {"host": 7}"#, [:], "http.host", "the configuration file", "http.host"),
        ] as [([String: String], String, [String: String], String, String, String)])
    func badValue(
        environment: [String: String], file: String, commandLine: [String: String], key: String, layer: String,
        detail: String
    ) async throws {
        let path = try Self.configFile(file)
        let error = try #require(
            await Self.failure {
                try await Self.resolve(file: path, environment: environment, commandLine: commandLine)
            })
        #expect(error.code == "settings.invalidValue")
        #expect(error.field == key)
        #expect(error.message.contains("invalid setting \(key) from \(layer)"), "\(error.message)")
        #expect(error.message.contains(detail), "\(error.message)")
    }

    @Test("a configuration file that is named but missing, or not JSON, is refused naming it")
    func unreadableFile() async throws {
        let missing = try #require(
            await Self.failure { try await Self.resolve(file: "/nonexistent/lunas.json") })
        #expect(missing.code == "settings.configFileUnreadable")
        #expect(missing.message.contains("/nonexistent/lunas.json"))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-settings-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let broken = directory.appendingPathComponent("lunas.json")
        try Data("{ not json".utf8).write(to: broken)
        let notJSON = try #require(await Self.failure { try await Self.resolve(file: broken.path) })
        #expect(notJSON.code == "settings.configFileUnreadable")
        #expect(notJSON.message.contains(broken.path))
    }

    @Test("every setting has a distinct key and environment variable")
    func table() {
        #expect(Set(ServerSetting.all.map(\.key)).count == ServerSetting.all.count)
        #expect(Set(ServerSetting.all.map(\.environmentVariable)).count == ServerSetting.all.count)
        #expect(ServerSetting.named("http.port")?.flag == "--port")
    }
}
