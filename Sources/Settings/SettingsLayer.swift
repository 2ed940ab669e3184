/// The layers a setting can come from, highest first: swift-configuration reads them in this order.
public enum SettingsLayer: String, Sendable, CaseIterable {
    /// The command's flags (`--port`).
    case commandLine = "the command line"
    /// The process environment (`HTTP_PORT`, …).
    case environment = "the environment"
    /// The configuration file (`Config/lunas.json`: `{"http": {"port": …}}`).
    case configFile = "the configuration file"
    /// The built-in defaults.
    case defaults = "the defaults"
}
