import Acquirer
import Foundation
import Logging
import Settings

/// One setting of `lunas serve` (the `Settings` module's ``Setting`` over ``ServerSettings``).
public typealias ServerSetting = Setting<ServerSettings>

extension ServerSettings {
    /// Every setting of `lunas serve`, one entry each: adding a setting is one entry here plus its
    /// field in ``ServerSettings`` (and the flag in `ServeCommand`, when it has one). The
    /// configuration file also holds the `city` and `acquirer` sections, which other readers own.
    public static let table = SettingsTable<ServerSettings>(
        [
            .text("config.file", environment: "LUNAS_CONFIG", flag: "--config", \.configFile, inConfigFile: false),
            .text("http.host", environment: "HTTP_HOST", flag: "--host", \.host),
            .integer("http.port", environment: "HTTP_PORT", flag: "--port", \.port, in: 0...65535),
            .text("data.dir", environment: "DATA_DIR", flag: "--data-dir", \.dataDirectory),
            .text(
                "database.url", environment: "DATABASE_URL", flag: "--database-url", \.databaseURL, secret: true,
                check: ServerSettings.checkDatabaseURL),
            .integer(
                "invoices.lifetimeSeconds", environment: "INVOICE_LIFETIME_SECONDS", \.invoiceLifetimeSeconds,
                in: 60...604_800),
            .choice("log.level", environment: "LOG_LEVEL", \.logLevel),
            .optionalText(
                "acquirer.url", environment: "ACQUIRER_URL", flag: "--acquirer-url", \.acquirerURL,
                check: ServerSettings.checkHTTPURL),
            .integer(
                "settlement.maximumBytes", environment: "SETTLEMENT_MAXIMUM_BYTES", \.maximumSettlementBytes,
                in: 1 << 20...1 << 32),
            .integer(
                "settlement.diskReserveBytes", environment: "SETTLEMENT_DISK_RESERVE_BYTES",
                \.settlementDiskReserveBytes, in: 0...1 << 40),
            .boolean("demo", environment: "LUNAS_DEMO", flag: "--demo", \.demo, inConfigFile: false),
            .text("metrics.host", environment: "METRICS_HOST", \.metricsHost),
            .integer("metrics.port", environment: "METRICS_PORT", flag: "--metrics-port", \.metricsPort, in: 0...65535),
            .integer(
                "http.idleTimeoutSeconds", environment: "HTTP_IDLE_TIMEOUT_SECONDS", \.idleTimeoutSeconds,
                in: 1...3600),
            .integer("http.maxConnections", environment: "HTTP_MAX_CONNECTIONS", \.maxConnections, in: 1...1_000_000),
            .optionalText(
                "http.trustedProxies", environment: "HTTP_TRUSTED_PROXIES", \.trustedProxies,
                check: ServerSettings.checkTrustedProxies),
            .integer(
                "complaints.perAddressPerHour", environment: "COMPLAINTS_PER_ADDRESS_PER_HOUR",
                \.complaintsPerAddressPerHour, in: 1...100_000),
            .integer("offline.maxHours", environment: "OFFLINE_MAX_HOURS", \.offlineMaxHours, in: 1...168),
            .integer("offline.maxTickets", environment: "OFFLINE_MAX_TICKETS", \.offlineMaxTickets, in: 1...5_000),
            .integer(
                "offline.maxClockSkewMinutes", environment: "OFFLINE_MAX_CLOCK_SKEW_MINUTES",
                \.offlineMaxClockSkewMinutes, in: 0...1_440),
            .integer(
                "offline.bundleValidityHours", environment: "OFFLINE_BUNDLE_VALIDITY_HOURS",
                \.offlineBundleValidityHours, in: 1...720),
            .optionalText(
                "public.baseURL", environment: "PUBLIC_BASE_URL", \.publicBaseURL,
                check: ServerSettings.checkHTTPURL),
        ], configFileKey: "config.file", configFile: \.configFile, sectionsOwnedElsewhere: sectionsOwnedElsewhere)
}

extension Setting where Values == ServerSettings {
    /// Every setting of `lunas serve` (``ServerSettings/table``).
    public static var all: [ServerSetting] { ServerSettings.table.settings }

    /// The setting of `lunas serve` with this key.
    public static func named(_ key: String) -> ServerSetting? { ServerSettings.table.named(key) }
}

extension ServerSettings {
    /// `acquirer.url`: an `http://` or `https://` URL with a host.
    static func checkHTTPURL(_ value: String) -> String? {
        HTTPURL.parse(value) == nil ? "must be an http:// or https:// URL with a host, got \"\(value)\"" : nil
    }

    /// `http.trustedProxies`: comma-separated CIDRs (``TrustedProxies``).
    static func checkTrustedProxies(_ value: String) -> String? {
        do {
            _ = try TrustedProxies(parsing: value)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `database.url`: the ledger's location as a URL, a scheme, a colon, and what the scheme makes
    /// of the rest (`sqlite:/var/lib/lunas/lunas.sqlite`, `sqlite:` for the default file under
    /// `data.dir`).
    ///
    /// Only the form is checked here; whether this build can open the scheme is decided where the
    /// store is opened (`lunas` refuses an unknown scheme with exit 78). The setting is secret: a
    /// server URL may carry a password, so it is never logged whole (``databaseURLForLog``).
    static func checkDatabaseURL(_ value: String) -> String? {
        guard databaseURLScheme(value) == nil else { return nil }
        return "must be a URL that starts with its scheme (sqlite:/path/to/lunas.sqlite, "
            + "sqlite:relative/path, or sqlite: for the default under data.dir), got \"\(value)\""
    }
}
