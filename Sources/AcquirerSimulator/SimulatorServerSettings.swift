import Acquirer
import Foundation
import Logging

/// The settings of `lunas acquirer-sim`, resolved once at start-up by
/// ``resolve(commandLine:environment:)`` (command line > environment > the simulator's
/// configuration file > defaults; every key is in ``table``).
public struct SimulatorServerSettings: Sendable {
    /// The simulator's configuration file (`config.file`, `--config`, `ACQUIRER_SIM_CONFIG`; default
    /// `Config/acquirer-sim.json`, which may be missing unless named).
    public var configFile: String = "Config/acquirer-sim.json"
    /// The address to bind (default `127.0.0.1`).
    public var host: String
    /// The port (default 8081).
    public var port: Int
    /// The acquirer profile (default `Config/acquirers/simulator.json`).
    public var profilePath: String
    /// Lunas's base URL, or a full notify URL (default `http://127.0.0.1:8080`).
    public var notifyURL: String
    /// Where the books are kept (`simulator-state.json`); default `./data/acquirer-sim`.
    public var dataDirectory: String
    /// The MDR schedule for settlement files; `mdr.json` beside the profile's directory when `nil`.
    public var mdrPath: String?
    /// The holiday calendar settlement skips (a folder of `YEAR.json` files, as `Config/holidays/`);
    /// `holidays/` beside `mdr.json` when `nil` (weekends only when that folder is absent).
    public var holidaysPath: String?
    /// Makes RRNs, tokens and fault plans repeat.
    public var seed: UInt64
    /// Faults at start (`PUT /sim/faults` changes them).
    public var faults: SimulatorFaults
    /// The file ``faults`` was read from (`faults.file`, `--faults`), a JSON object like the body of
    /// `PUT /sim/faults`; nil for none.
    public var faultsFile: String?
    /// The log level (`log.level`, `LOG_LEVEL`; default `info`).
    public var logLevel: Logger.Level = .info
    /// Notify retries.
    public var retryPolicy: NotifyRetryPolicy
    /// Demo mode (`--demo`): only then may the profile be test-only or read keys under
    /// `demo-keys/`, and the simulator binds to loopback only.
    public var demo: Bool = false

    /// Creates settings; every value has the documented default.
    public init(
        host: String = "127.0.0.1", port: Int = 8081, profilePath: String = "Config/acquirers/simulator.json",
        notifyURL: String = "http://127.0.0.1:8080", dataDirectory: String = "./data/acquirer-sim",
        mdrPath: String? = nil, seed: UInt64 = UInt64(Date().timeIntervalSince1970),
        faults: SimulatorFaults = .none, retryPolicy: NotifyRetryPolicy = NotifyRetryPolicy()
    ) {
        self.host = host
        self.port = port
        self.profilePath = profilePath
        self.notifyURL = notifyURL
        self.dataDirectory = dataDirectory
        self.mdrPath = mdrPath
        self.seed = seed
        self.faults = faults
        self.retryPolicy = retryPolicy
    }

    /// The state file: `DATA_DIR/simulator-state.json`.
    public var statePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("simulator-state.json").path
    }
}
