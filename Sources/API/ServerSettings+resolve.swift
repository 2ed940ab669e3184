import Foundation
import Settings

extension ServerSettings {
    /// The layers a setting can come from, highest first.
    public typealias Layer = SettingsLayer

    /// Resolves every setting of ``table`` with swift-configuration: command line > environment >
    /// the configuration file > defaults.
    ///
    /// The configuration file is `config.file` (`--config`, `LUNAS_CONFIG`, default
    /// `Config/lunas.json`), resolved first from the other three layers; the server's keys in it
    /// (``ServerSetting/all``) sit next to the `city` and `acquirer` objects. Every value is checked.
    /// - Parameters:
    ///   - commandLine: the flags given, by setting key (`["http.port": "8081"]`), as typed.
    ///   - environment: the process environment.
    /// - Throws: ``SettingsError`` `settings.invalidValue` naming the key, the layer and the value;
    ///   `settings.configFileUnreadable` when the configuration file is missing or not JSON;
    ///   `settings.unknownKey` naming the JSON path of a key no reader owns; ``APIError``
    ///   `settings.demoNotLoopback` (``checkDemoHost()``).
    public static func resolve(
        commandLine: [String: String], environment: [String: String]
    ) async throws -> ServerSettings {
        var settings = try await table.resolve(
            commandLine: commandLine, environment: environment, defaults: ServerSettings())
        settings.configDirectory = URL(fileURLWithPath: settings.configFile).deletingLastPathComponent().path
        try settings.checkDemoHost()
        return settings
    }
}
