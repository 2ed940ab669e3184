/// Every setting of one command, read with swift-configuration: command line > environment > the
/// configuration file > defaults (STYLE.md). `lunas serve` and `lunas acquirer-sim` each have one.
///
/// One setting names the configuration file itself (``configFileKey``, not settable from the file);
/// it is resolved first from the other three layers. The file then may hold the table's keys and the
/// top-level sections other readers own (``sectionsOwnedElsewhere``), nothing else.
public struct SettingsTable<Values: Sendable>: Sendable {
    /// Every setting, one entry each.
    public let settings: [Setting<Values>]
    /// The key of the setting that names the configuration file (`config.file`).
    public let configFileKey: String
    /// Top-level sections of the configuration file that other readers own (`city`, `acquirer` of
    /// `lunas.json`); every other key must be a setting of this table.
    public let sectionsOwnedElsewhere: Set<String>
    /// Reads the configuration file's path from resolved values.
    let configFile: @Sendable (Values) -> String

    /// Creates a table.
    /// - Parameters:
    ///   - settings: every setting; keys and environment variables must be distinct.
    ///   - configFileKey: the key of the (text) setting that names the configuration file.
    ///   - configFile: where the values keep that file's path.
    ///   - sectionsOwnedElsewhere: top-level sections of the file that other readers own.
    public init(
        _ settings: [Setting<Values>], configFileKey: String,
        configFile: any KeyPath<Values, String> & Sendable, sectionsOwnedElsewhere: Set<String> = []
    ) {
        precondition(settings.contains { $0.key == configFileKey && !$0.inConfigFile })
        self.settings = settings
        self.configFileKey = configFileKey
        self.configFile = { $0[keyPath: configFile] }
        self.sectionsOwnedElsewhere = sectionsOwnedElsewhere
    }

    /// The setting with this key.
    public func named(_ key: String) -> Setting<Values>? { settings.first { $0.key == key } }

    /// One line per setting for `--help`: `http.port: --port, HTTP_PORT (default 8080) — the port`.
    public func helpLines(defaults: Values) -> [String] {
        settings.map { setting in
            var line = "\(setting.key): \(setting.flag.map { "\($0), " } ?? "")\(setting.environmentVariable)"
            if let value = setting.defaultText(in: defaults) { line += " (default \(value))" }
            if !setting.help.isEmpty { line += " — \(setting.help)" }
            return line
        }
    }
}
