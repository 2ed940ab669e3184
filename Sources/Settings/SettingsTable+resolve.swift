import Configuration
import Foundation
import Synchronization
import SystemPackage

extension SettingsTable {
    /// Resolves every setting with swift-configuration: command line > environment > the
    /// configuration file > `defaults`. Every value is checked.
    ///
    /// The configuration file (``configFileKey``) is resolved first from the other three layers.
    /// A file nobody named may be missing; a file named on the command line or in the environment
    /// must exist. Its keys are checked before any value is read from it (``checkOwnedKeys(in:file:)``).
    /// - Parameters:
    ///   - commandLine: the flags given, by setting key (`["http.port": "8081"]`), as typed.
    ///   - environment: the process environment.
    ///   - defaults: the values of every setting nobody set.
    /// - Throws: ``SettingsError`` `settings.invalidValue` naming the key, the layer and the value;
    ///   `settings.configFileUnreadable` naming the file; `settings.unknownKey` naming the key's JSON path.
    public func resolve(
        commandLine: [String: String], environment: [String: String], defaults: Values
    ) async throws -> Values {
        var layers: [(layer: SettingsLayer, provider: any ConfigProvider)] = [
            (.commandLine, commandLineProvider(commandLine, defaults: defaults)),
            (.environment, environmentProvider(environment)),
            (.defaults, InMemoryProvider(name: "defaults", values: defaultValues(defaults))),
        ]
        var values = defaults
        let context = Context(commandLine: commandLine, environment: environment, file: "")
        try apply(settings.filter { !$0.inConfigFile }, layers: layers, to: &values, context: context)

        let path = configFile(values)
        let fileSetting = named(configFileKey)
        let named = commandLine[configFileKey] != nil
            || fileSetting.map { environment[$0.environmentVariable] != nil } == true
        let file: any ConfigProvider
        do {
            file = try await FileProvider<JSONSnapshot>(filePath: FilePath(path), allowMissing: !named)
        } catch {
            throw SettingsError(
                .configFileUnreadable, "cannot read the configuration file \(path): \(error)", field: configFileKey)
        }
        if let data = FileManager.default.contents(atPath: path) {
            try checkOwnedKeys(in: data, file: path)
        }
        layers.insert((.configFile, file), at: 2)
        try apply(
            settings.filter(\.inConfigFile), layers: layers, to: &values,
            context: Context(commandLine: commandLine, environment: environment, file: path))
        return values
    }

    /// What an error message quotes of each layer.
    private struct Context {
        let commandLine: [String: String]
        let environment: [String: String]
        let file: String
    }

    /// Reads `keys` through one `ConfigReader` over `layers`; a bad value names its layer.
    private func apply(
        _ keys: [Setting<Values>], layers: [(layer: SettingsLayer, provider: any ConfigProvider)],
        to values: inout Values, context: Context
    ) throws {
        let reporter = LastAccess()
        let reader = ConfigReader(providers: layers.map(\.provider), accessReporter: reporter)
        for setting in keys {
            var problem: String?
            do {
                problem = try setting.apply(reader, &values)
            } catch {
                problem = "is not a valid value (\(error))"
            }
            guard let problem else { continue }
            let index = reporter.event(for: setting.key).flatMap(\.supplyingIndex) ?? layers.count - 1
            let layer = layers[min(index, layers.count - 1)].layer
            let raw: String
            switch layer {
            case .commandLine: raw = " \(setting.flag ?? setting.key) \"\(context.commandLine[setting.key] ?? "")\""
            case .environment:
                raw = " \(setting.environmentVariable)=\"\(context.environment[setting.environmentVariable] ?? "")\""
            case .configFile: raw = " (\(context.file))"
            case .defaults: raw = ""
            }
            throw SettingsError(
                .invalidValue, "invalid setting \(setting.key) from \(layer.rawValue)\(raw): \(problem)",
                field: setting.key)
        }
    }

    /// The command line layer: each flag's text, typed as its setting reads it (a non-number for
    /// a number stays text, so the reader refuses it and names this layer).
    private func commandLineProvider(_ given: [String: String], defaults: Values) -> InMemoryProvider {
        var typed: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, text) in given {
            guard let setting = named(key) else { continue }
            let content: ConfigContent =
                switch setting.kind {
                case .integer: Int(text).map(ConfigContent.int) ?? .string(text)
                case .boolean: Bool(text).map(ConfigContent.bool) ?? .string(text)
                case .text: .string(text)
                }
            typed[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(content, isSecret: false)
        }
        return InMemoryProvider(name: "command line", values: typed)
    }

    /// The environment layer: each key is looked up under its own variable name
    /// (`invoices.lifetimeSeconds` → `INVOICE_LIFETIME_SECONDS`), not swift-configuration's
    /// derived one.
    private func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        let variables = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.environmentVariable) })
        return KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: environment)) { key in
            guard let variable = variables[key.components.joined(separator: ".")] else { return key }
            return AbsoluteConfigKey([variable])
        }
    }

    /// The defaults layer.
    private func defaultValues(_ defaults: Values) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for setting in settings {
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
