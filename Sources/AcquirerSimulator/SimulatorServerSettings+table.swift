import Acquirer
import Foundation
import Logging
import Settings

/// One setting of `lunas acquirer-sim` (the `Settings` module's ``Setting`` over
/// ``SimulatorServerSettings``).
public typealias SimulatorSetting = Setting<SimulatorServerSettings>

extension SimulatorServerSettings {
    /// Every setting of `lunas acquirer-sim`, one entry each, read like those of `lunas serve`
    /// (the same `Settings` machinery). Environment variables start with `ACQUIRER_SIM_`, so one
    /// environment can hold a server's and a simulator's settings; `LOG_LEVEL` is shared.
    public static let table = SettingsTable<SimulatorServerSettings>(
        [
            .text(
                "config.file", environment: "ACQUIRER_SIM_CONFIG", flag: "--config", \.configFile,
                inConfigFile: false, help: "the simulator's configuration file (may be missing unless named)"),
            .text("http.host", environment: "ACQUIRER_SIM_HOST", flag: "--host", \.host, help: "the address to bind"),
            .integer(
                "http.port", environment: "ACQUIRER_SIM_PORT", flag: "--port", \.port, in: 0...65535,
                help: "the port to listen on (0: any free port)"),
            .text(
                "profile.file", environment: "ACQUIRER_SIM_PROFILE", flag: "--profile", \.profilePath,
                help: "the acquirer profile the simulator plays"),
            .text(
                "notify.url", environment: "ACQUIRER_SIM_NOTIFY_URL", flag: "--notify-url", \.notifyURL,
                help: "Lunas's base URL (the profile's notify path is appended) or a full notify URL",
                check: { value in
                    HTTPURL.parse(value) == nil
                        ? "must be an http:// or https:// URL with a host, got \"\(value)\"" : nil
                }),
            .text(
                "data.dir", environment: "ACQUIRER_SIM_DATA_DIR", flag: "--data-dir", \.dataDirectory,
                help: "where the simulator keeps its books (simulator-state.json)"),
            .optionalText(
                "mdr.file", environment: "ACQUIRER_SIM_MDR_FILE", \.mdrPath,
                help: "the MDR schedule of settlement files (default: mdr.json beside the profile's directory)"),
            .optionalText(
                "holidays.dir", environment: "ACQUIRER_SIM_HOLIDAYS_DIR", \.holidaysPath,
                help: "the holiday calendar settlement skips, a folder of YEAR.json (default: holidays/ beside "
                    + "mdr.json; weekends only when it is absent)"),
            .integer(
                "seed", environment: "ACQUIRER_SIM_SEED", flag: "--seed", \.seed, in: 0...Int.max,
                help: "seed for RRNs, tokens and fault plans (default: the clock at start)"),
            .optionalText(
                "faults.file", environment: "ACQUIRER_SIM_FAULTS_FILE", flag: "--faults",
                help: "faults at start, a JSON file like the body of PUT /sim/faults (default: none)",
                read: readFaults),
            .boolean(
                "demo", environment: "ACQUIRER_SIM_DEMO", flag: "--demo", \.demo, inConfigFile: false,
                help: "accept the test-only simulator profile and its demo keys; loopback only"),
            .choice(
                "log.level", environment: "LOG_LEVEL", \.logLevel,
                help: "trace, debug, info, notice, warning, error or critical"),
        ], configFileKey: "config.file", configFile: \.configFile)

    /// Resolves every setting of ``table``: command line > environment > the configuration file
    /// (`config.file`) > defaults. The faults file is read and checked here too.
    /// - Parameters:
    ///   - commandLine: the flags given, by setting key (`["http.port": "8082"]`), as typed.
    ///   - environment: the process environment.
    ///   - defaults: the values nobody set (the seed is the clock's by default).
    /// - Throws: ``SettingsError`` `settings.invalidValue` naming the key, the layer and the value
    ///   (a faults file that cannot be read or decoded included); `settings.configFileUnreadable`;
    ///   `settings.unknownKey` naming the JSON path of a key that is not a setting.
    public static func resolve(
        commandLine: [String: String], environment: [String: String],
        defaults: SimulatorServerSettings = SimulatorServerSettings()
    ) async throws -> SimulatorServerSettings {
        try await table.resolve(commandLine: commandLine, environment: environment, defaults: defaults)
    }

    /// `faults.file`: reads the file and decodes it as ``SimulatorFaults`` (unknown keys refused).
    static func readFaults(_ path: String, into settings: inout SimulatorServerSettings) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return "cannot read \(path)" }
        do {
            settings.faults = try SNAPCoding.decode(SimulatorFaults.self, from: data, what: "faults file \(path)")
        } catch {
            return "\(error)"
        }
        settings.faultsFile = path
        return nil
    }
}
