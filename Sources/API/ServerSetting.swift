import Acquirer
import Configuration
import Foundation
import Logging

/// One setting of `lunas serve`: its dotted key (also its path in the configuration file), its
/// environment variable, its command-line flag, and how its value is read and checked.
///
/// ``all`` lists every setting, one entry each: adding a setting is one entry there plus its field
/// in ``ServerSettings`` (and the flag in `ServeCommand`, when it has one).
public struct ServerSetting: Sendable {
    /// The dotted key: `http.port`; in the configuration file `{"http": {"port": …}}`.
    public let key: String
    /// The environment variable: `HTTP_PORT`.
    public let environmentVariable: String
    /// The command-line flag, when there is one: `--port`.
    public let flag: String?
    /// Whether the configuration file may set it (not for the file's own path).
    public let inConfigFile: Bool
    /// The default as swift-configuration holds it; nil for a setting that is unset by default.
    let defaultValue: @Sendable (ServerSettings) -> ConfigValue?
    /// Reads the value from the reader, checks it and stores it; a bad value is described by
    /// the returned message (the caller names the key and the layer).
    let apply: @Sendable (ConfigReader, inout ServerSettings) throws -> String?

    /// Every setting of `lunas serve`, one entry each.
    public static let all: [ServerSetting] = [
        .text("config.file", environment: "LUNAS_CONFIG", flag: "--config", \.configFile, inConfigFile: false),
        .text("http.host", environment: "HTTP_HOST", flag: "--host", \.host),
        .integer("http.port", environment: "HTTP_PORT", flag: "--port", \.port, in: 0...65535),
        .text("data.dir", environment: "DATA_DIR", flag: "--data-dir", \.dataDirectory),
        .databaseURL("database.url", environment: "DATABASE_URL", flag: "--database-url", \.databaseURL),
        .integer(
            "invoices.lifetimeSeconds", environment: "INVOICE_LIFETIME_SECONDS", \.invoiceLifetimeSeconds,
            in: 60...604_800),
        .choice("log.level", environment: "LOG_LEVEL", \.logLevel),
        .optionalURL("acquirer.url", environment: "ACQUIRER_URL", flag: "--acquirer-url", \.acquirerURL),
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
            "http.idleTimeoutSeconds", environment: "HTTP_IDLE_TIMEOUT_SECONDS", \.idleTimeoutSeconds, in: 1...3600),
        .integer("http.maxConnections", environment: "HTTP_MAX_CONNECTIONS", \.maxConnections, in: 1...1_000_000),
    ]

    /// The setting with this key.
    public static func named(_ key: String) -> ServerSetting? { all.first { $0.key == key } }
}

extension ServerSetting {
    /// A text setting; an empty value is refused.
    static func text(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, String> & Sendable, inConfigFile: Bool = true
    ) -> ServerSetting {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: inConfigFile,
            defaultValue: { ConfigValue(.string($0[keyPath: path]), isSecret: false) },
            apply: { reader, settings in
                let value = try reader.requiredString(forKey: ConfigKey(key))
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { return "must not be empty" }
                settings[keyPath: path] = value
                return nil
            })
    }

    /// An optional `http://` or `https://` URL with a host; unset by default, and an empty value
    /// (`ACQUIRER_URL=` in an environment file) leaves it unset.
    static func optionalURL(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, String?> & Sendable
    ) -> ServerSetting {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true,
            defaultValue: { _ in nil },
            apply: { reader, settings in
                guard let value = try reader.string(forKey: ConfigKey(key)), !value.isEmpty else { return nil }
                guard HTTPURL.parse(value) != nil else {
                    return "must be an http:// or https:// URL with a host, got \"\(value)\""
                }
                settings[keyPath: path] = value
                return nil
            })
    }

    /// The ledger's location as a URL: a scheme, a colon, and what the scheme makes of the rest
    /// (`sqlite:/var/lib/lunas/lunas.sqlite`, `sqlite:` for the default file under `data.dir`).
    ///
    /// Only the form is checked here; whether this build can open the scheme is decided where the
    /// store is opened (`lunas` refuses an unknown scheme with exit 78). Marked secret: a server
    /// URL may carry a password, so it is never logged whole (``ServerSettings/databaseURLForLog``).
    static func databaseURL(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, String> & Sendable
    ) -> ServerSetting {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true,
            defaultValue: { ConfigValue(.string($0[keyPath: path]), isSecret: true) },
            apply: { reader, settings in
                let value = try reader.requiredString(forKey: ConfigKey(key), isSecret: true)
                guard ServerSettings.databaseURLScheme(value) != nil else {
                    return "must be a URL that starts with its scheme (sqlite:/path/to/lunas.sqlite, "
                        + "sqlite:relative/path, or sqlite: for the default under data.dir), got \"\(value)\""
                }
                settings[keyPath: path] = value
                return nil
            })
    }

    /// A yes/no setting (`true` or `false`; a bare flag on the command line is `true`).
    static func boolean(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, Bool> & Sendable, inConfigFile: Bool = true
    ) -> ServerSetting {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: inConfigFile,
            defaultValue: { ConfigValue(.bool($0[keyPath: path]), isSecret: false) },
            apply: { reader, settings in
                settings[keyPath: path] = try reader.requiredBool(forKey: ConfigKey(key))
                return nil
            })
    }

    /// A whole-number setting within `range`.
    static func integer(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, Int> & Sendable, in range: ClosedRange<Int>
    ) -> ServerSetting {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true,
            defaultValue: { ConfigValue(.int($0[keyPath: path]), isSecret: false) },
            apply: { reader, settings in
                let value = try reader.requiredInt(forKey: ConfigKey(key))
                guard range.contains(value) else {
                    return "must be \(range.lowerBound)–\(range.upperBound), got \(value)"
                }
                settings[keyPath: path] = value
                return nil
            })
    }

    /// A setting that takes one of the raw values of `Value` (`log.level`: `trace` … `critical`).
    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, environment: String, flag: String? = nil,
        _ path: any WritableKeyPath<ServerSettings, Value> & Sendable
    ) -> ServerSetting where Value.RawValue == String {
        ServerSetting(
            key: key, environmentVariable: environment, flag: flag, inConfigFile: true,
            defaultValue: { ConfigValue(.string($0[keyPath: path].rawValue), isSecret: false) },
            apply: { reader, settings in
                let text = try reader.requiredString(forKey: ConfigKey(key))
                guard let value = Value(rawValue: text) else {
                    let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
                    return "must be one of \(names), got \"\(text)\""
                }
                settings[keyPath: path] = value
                return nil
            })
    }
}
