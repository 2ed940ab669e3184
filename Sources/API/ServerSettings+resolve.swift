import Configuration
import Foundation
import HTTPTypes
import Synchronization
import SystemPackage

extension ServerSettings {
    /// The layers a setting can come from, highest first.
    public enum Layer: String, Sendable, CaseIterable {
        /// The flags of `lunas serve` (or `lunas device`).
        case commandLine = "the command line"
        /// The process environment (`HTTP_PORT`, …).
        case environment = "the environment"
        /// The configuration file (`Config/lunas.json`: `{"http": {"port": …}}`).
        case configFile = "the configuration file"
        /// The built-in defaults.
        case defaults = "the defaults"
    }

    /// Resolves every setting with swift-configuration: command line > environment > the
    /// configuration file > defaults.
    ///
    /// The configuration file is `config.file` (`--config`, `LUNAS_CONFIG`, default
    /// `Config/lunas.json`), resolved first from the other three layers; the server's keys in it
    /// (``ServerSetting/all``) sit next to the `city` object. Every value is checked.
    /// - Parameters:
    ///   - commandLine: the flags given, by setting key (`["http.port": "8081"]`), as typed.
    ///   - environment: the process environment.
    /// - Throws: ``APIError`` `settings.invalidValue` naming the key, the layer and the value;
    ///   `settings.configFileUnreadable` when the configuration file is missing or not JSON.
    public static func resolve(
        commandLine: [String: String], environment: [String: String]
    ) async throws -> ServerSettings {
        let defaults = ServerSettings()
        var layers: [(layer: Layer, provider: any ConfigProvider)] = [
            (.commandLine, commandLineProvider(commandLine)),
            (.environment, environmentProvider(environment)),
            (.defaults, InMemoryProvider(name: "defaults", values: defaultValues(defaults))),
        ]
        var settings = defaults
        let fileSetting = ServerSetting.all.filter { !$0.inConfigFile }
        try apply(fileSetting, layers: layers, to: &settings, commandLine: commandLine, environment: environment)

        // `Config/lunas.json` may be missing when nobody named it (`lunas device list` anywhere);
        // a file named on the command line or in the environment must exist.
        let named = commandLine["config.file"] != nil || environment["LUNAS_CONFIG"] != nil
        let file: any ConfigProvider
        do {
            file = try await FileProvider<JSONSnapshot>(
                filePath: FilePath(settings.configFile), allowMissing: !named)
        } catch {
            throw APIError(
                .internalServerError, "settings.configFileUnreadable",
                "cannot read the configuration file \(settings.configFile): \(error)", field: "config.file")
        }
        if let data = FileManager.default.contents(atPath: settings.configFile) {
            try checkOwnedKeys(in: data, file: settings.configFile)
        }
        layers.insert((.configFile, file), at: 2)
        try apply(
            ServerSetting.all.filter(\.inConfigFile), layers: layers, to: &settings, commandLine: commandLine,
            environment: environment)
        settings.configDirectory = URL(fileURLWithPath: settings.configFile).deletingLastPathComponent().path
        try settings.checkDemoHost()
        return settings
    }

    /// Reads `settings` through one `ConfigReader` over `layers`; a bad value names its layer.
    private static func apply(
        _ keys: [ServerSetting], layers: [(layer: Layer, provider: any ConfigProvider)],
        to settings: inout ServerSettings, commandLine: [String: String], environment: [String: String]
    ) throws {
        let reporter = LastAccess()
        let reader = ConfigReader(providers: layers.map(\.provider), accessReporter: reporter)
        for setting in keys {
            var problem: String?
            do {
                problem = try setting.apply(reader, &settings)
            } catch {
                problem = "is not a valid value (\(error))"
            }
            guard let problem else { continue }
            let index = reporter.event(for: setting.key).flatMap(\.supplyingIndex) ?? layers.count - 1
            let layer = layers[min(index, layers.count - 1)].layer
            let raw: String
            switch layer {
            case .commandLine: raw = " \(setting.flag ?? setting.key) \"\(commandLine[setting.key] ?? "")\""
            case .environment:
                raw = " \(setting.environmentVariable)=\"\(environment[setting.environmentVariable] ?? "")\""
            case .configFile: raw = " (\(settings.configFile))"
            case .defaults: raw = ""
            }
            throw APIError(
                .internalServerError, "settings.invalidValue",
                "invalid setting \(setting.key) from \(layer.rawValue)\(raw): \(problem)", field: setting.key)
        }
    }

    /// The command line layer: each flag's text, typed as its setting reads it (a non-number for
    /// a number stays text, so the reader refuses it and names this layer).
    private static func commandLineProvider(_ values: [String: String]) -> InMemoryProvider {
        var typed: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, text) in values {
            guard let setting = ServerSetting.named(key) else { continue }
            let content: ConfigContent =
                switch setting.defaultValue(ServerSettings())?.content {
                case .int: Int(text).map(ConfigContent.int) ?? .string(text)
                case .bool: Bool(text).map(ConfigContent.bool) ?? .string(text)
                default: .string(text)
                }
            typed[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(content, isSecret: false)
        }
        return InMemoryProvider(name: "command line", values: typed)
    }

    /// The environment layer: each key is looked up under its own variable name
    /// (`invoices.lifetimeSeconds` → `INVOICE_LIFETIME_SECONDS`), not swift-configuration's
    /// derived one.
    private static func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: environment)) { key in
            let dotted = key.components.joined(separator: ".")
            guard let setting = ServerSetting.named(dotted) else { return key }
            return AbsoluteConfigKey([setting.environmentVariable])
        }
    }

    /// The defaults layer, from ``ServerSettings/init``.
    private static func defaultValues(_ defaults: ServerSettings) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for setting in ServerSetting.all {
            if let value = setting.defaultValue(defaults) { values[AbsoluteConfigKey(ConfigKey(setting.key))] = value }
        }
        return values
    }
}

/// Keeps the last access event per key, so a bad value can be traced to the layer that gave it.
private final class LastAccess: AccessReporter {
    private let events = Mutex<[String: AccessEvent]>([:])

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        events.withLock { $0[key] = event }
    }

    func event(for key: String) -> AccessEvent? { events.withLock { $0[key] } }
}

extension AccessEvent {
    /// The index of the provider that supplied the value or failed to: the first that did not
    /// answer "no value".
    fileprivate var supplyingIndex: Int? {
        providerResults.firstIndex { result in
            switch result.result {
            case .success(let lookup): lookup.value != nil
            case .failure: true
            }
        }
    }
}
