import Foundation
import Logging

/// The server's settings, resolved once at start-up by ``resolve(commandLine:environment:)``
/// (command line > environment > `Config/lunas.json` > defaults; every key is in
/// ``ServerSetting/all``).
public struct ServerSettings: Sendable, Hashable {
    /// The city configuration file (`lunas.json`); its directory holds the rest (default
    /// `Config/lunas.json`).
    public var configFile: String = "Config/lunas.json"
    /// The address to bind (default `127.0.0.1`; nginx terminates TLS in front).
    public var host: String
    /// The port (default 8080).
    public var port: Int
    /// The data directory: `lunas.sqlite` and the receipt signing key (default `./data`).
    public var dataDirectory: String
    /// The city configuration directory, holding `lunas.json` (default `Config`).
    public var configDirectory: String
    /// How long an invoice's QRIS stays payable, in seconds (default 3600).
    public var invoiceLifetime: TimeInterval
    /// The log level (default `info`).
    public var logLevel: Logger.Level = .info
    /// How often due invoices are moved to `expired` (default 60 s).
    public var expiryInterval: Duration = .seconds(60)
    /// Overrides the acquirer profile's `baseURL` (`--acquirer-url`, `ACQUIRER_URL`).
    public var acquirerURL: String?
    /// The largest settlement file `POST /api/v1/settlements` accepts (default 256 MiB; 413 above).
    public var maximumSettlementBytes: Int = SettlementImporter.defaultMaximumBytes

    /// Creates settings; every value has the documented default.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./data",
        configDirectory: String = "Config", invoiceLifetime: TimeInterval = 3600
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.configDirectory = configDirectory
        self.invoiceLifetime = invoiceLifetime
    }

    /// The ledger database: `DATA_DIR/lunas.sqlite` (the file `lunas ledger verify` reads).
    public var databasePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("lunas.sqlite").path
    }

    /// ``invoiceLifetime`` in whole seconds (the unit of `invoices.lifetimeSeconds`).
    var invoiceLifetimeSeconds: Int {
        get { Int(invoiceLifetime) }
        set { invoiceLifetime = TimeInterval(newValue) }
    }
}
