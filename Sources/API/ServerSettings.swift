import Foundation
import Ledger
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
    /// The data directory: the receipt signing key, settlement archive, and the ledger database
    /// unless ``databaseURL`` puts it elsewhere (default `./data`).
    public var dataDirectory: String
    /// Where the ledger is (`database.url`, `DATABASE_URL`, `--database-url` or `--database`):
    /// `sqlite:/abs/path`, `sqlite:relative/path` (to the working directory), `sqlite:` (the
    /// default), the SQLite file `lunas.sqlite` in ``dataDirectory``, or
    /// `postgres://USER@HOST:PORT/DATABASE?sslmode=…` (``DatabaseLocation``). The `lunas`
    /// executable opens the store from it; a location it cannot open is refused at start (exit 78).
    public var databaseURL: String = "sqlite:"
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
    /// The largest settlement file `POST /api/v1/settlements` accepts (`settlement.maximumBytes`, default
    /// 256 MiB, the same as `client_max_body_size` of that location in `deploy/nginx-lunas.conf`; 413 above).
    public var maximumSettlementBytes: Int = SettlementImporter.defaultMaximumBytes
    /// Free disk space every admitted settlement upload must leave (`settlement.diskReserveBytes`, default
    /// 64 MiB; 507 otherwise, see ``DiskSpaceGuard``).
    public var settlementDiskReserveBytes: Int = Int(SettlementImporter.defaultDiskReserveBytes)
    /// Demo mode (`--demo`, `LUNAS_DEMO`; never from the configuration file): accepts test-only
    /// acquirer profiles and keys under `demo-keys/`, binds to loopback only, and says so in the log.
    public var demo: Bool = false
    /// The address of the separate `/metrics` listener (default `127.0.0.1`).
    public var metricsHost: String = "127.0.0.1"
    /// The port of the separate `/metrics` listener (default 9464; 0 picks a free port, logged).
    public var metricsPort: Int = 9464
    /// How long a connection may stay idle, headers half-sent included, before it is closed
    /// (default 30 s).
    public var idleTimeoutSeconds: Int = 30
    /// The most connections served at once; further ones wait in the listen backlog (default 2,048).
    public var maxConnections: Int = 2048
    /// The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (`http.trustedProxies`,
    /// comma-separated CIDRs such as `127.0.0.1/32,::1/128`; default none): the client address of a
    /// request from one of them is the last `X-Forwarded-For` entry not itself a trusted proxy.
    public var trustedProxies: String?
    /// The public address of the city's Lunas (`public.baseURL`, `PUBLIC_BASE_URL`, e.g.
    /// `https://lunas.ambon.go.id`): set-password links, tickets' check links and the enrolment QR
    /// are built from it. Without it, links are built from `http://HOST:PORT`.
    public var publicBaseURL: String?
    /// The most complaints accepted from one client address in an hour (`complaints.perAddressPerHour`,
    /// default 20: a mobile carrier puts many citizens behind one address).
    public var complaintsPerAddressPerHour: Int = 20
    /// How many hours a handheld may keep issuing offline before it must sync (`offline.maxHours`,
    /// default 12; carried in the bundle).
    public var offlineMaxHours: Int = 12
    /// How many offline records a handheld may queue before it must sync (`offline.maxTickets`,
    /// default 500; carried in the bundle; also the most records one sync request takes).
    public var offlineMaxTickets: Int = 500
    /// How far an offline record may be dated after the sync by the server's clock, and how far the
    /// handheld's clock may be off, before it is flagged (`offline.maxClockSkewMinutes`, default 10).
    public var offlineMaxClockSkewMinutes: Int = 10
    /// How long a downloaded bundle stays valid (`offline.bundleValidityHours`, default 24).
    public var offlineBundleValidityHours: Int = 24

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

    /// The scheme of a `database.url` value (`sqlite` of `sqlite:/var/lib/lunas/lunas.sqlite`), or
    /// nil when the value does not start with one (RFC 3986 §3.1: a letter, then letters, digits,
    /// `+`, `-` or `.`, then a colon).
    public static func databaseURLScheme(_ value: String) -> String? {
        DatabaseLocation.scheme(of: value)
    }

    /// ``databaseURL`` for the log: a password in it (`postgres://user:secret@host/db`) is replaced by `***`.
    public var databaseURLForLog: String {
        guard let authority = databaseURL.range(of: "://"),
            let at = databaseURL[authority.upperBound...].firstIndex(of: "@"),
            let colon = databaseURL[authority.upperBound..<at].firstIndex(of: ":")
        else { return databaseURL }
        return databaseURL.replacingCharacters(in: databaseURL.index(after: colon)..<at, with: "***")
    }

    /// ``publicBaseURL`` without a trailing slash, or `http://HOST:PORT` when it is not set.
    public var publicBase: String {
        if let publicBaseURL {
            return publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// ``invoiceLifetime`` in whole seconds (the unit of `invoices.lifetimeSeconds`).
    var invoiceLifetimeSeconds: Int {
        get { Int(invoiceLifetime) }
        set { invoiceLifetime = TimeInterval(newValue) }
    }
}
