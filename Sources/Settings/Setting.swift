import Configuration

/// One setting of a command: its dotted key (also its path in the configuration file), its
/// environment variable, its command-line flag, a line of help, and how its value is read into
/// `Values` and checked.
///
/// A command's settings are one ``SettingsTable``: `lunas serve` has `ServerSettings.table`,
/// `lunas acquirer-sim` has `SimulatorServerSettings.table`. Entries are made with the builders in
/// `Setting+kinds.swift` (``text(_:environment:flag:_:inConfigFile:secret:help:check:)`` and its
/// siblings), so every table reads its values the same way.
public struct Setting<Values: Sendable>: Sendable {
    /// How a command-line value is typed before the reader sees it (a flag is text; a number
    /// setting must see a number, or the reader refuses it naming the command line).
    enum Kind: Sendable {
        case text, integer, boolean
    }

    /// The dotted key: `http.port`; in the configuration file `{"http": {"port": …}}`.
    public let key: String
    /// The environment variable: `HTTP_PORT`.
    public let environmentVariable: String
    /// The command-line flag, when there is one: `--port`.
    public let flag: String?
    /// Whether the configuration file may set it (not for the file's own path, nor for demo mode).
    public let inConfigFile: Bool
    /// One line of help: what the setting does.
    public let help: String
    let kind: Kind
    /// The default as swift-configuration holds it; nil for a setting that is unset by default.
    let defaultValue: @Sendable (Values) -> ConfigValue?
    /// Reads the value from the reader, checks it and stores it; a bad value is described by the
    /// returned message (the caller names the key and the layer).
    let apply: @Sendable (ConfigReader, inout Values) throws -> String?

    /// The default of this setting in `defaults`, as text for help and documentation (nil when unset).
    public func defaultText(in defaults: Values) -> String? {
        guard let value = defaultValue(defaults) else { return nil }
        if value.isSecret { return "(secret)" }
        switch value.content {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .double(let number): return String(number)
        default: return "\(value.content)"
        }
    }
}
