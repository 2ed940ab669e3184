import API
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `lunas serve [--config FILE] [--host H] [--port P] [--data-dir DIR] [--acquirer-url URL]`: runs the HTTP API.
///
/// Settings come from the command line, then the environment (`LUNAS_CONFIG`, `HTTP_HOST`,
/// `HTTP_PORT`, `DATA_DIR`, `INVOICE_LIFETIME_SECONDS`), then `http.host`, `http.port`,
/// `data.dir`, `invoices.lifetimeSeconds` in the configuration file, then the defaults
/// (`Config/lunas.json`, `127.0.0.1`, `8080`, `./data`, 3600). SIGTERM and SIGINT shut it down
/// gracefully: open requests finish, then the process exits 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (the demo city of Config/ on SQLite under ./data by default)."
    )

    @Option(name: .customLong("config"), help: "The city configuration file (its directory holds the rest).")
    var configFile: String?

    @Option(help: "The address to bind.")
    var host: String?

    @Option(help: "The port to listen on.")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "The data directory (lunas.sqlite, receipt signing key).")
    var dataDirectory: String?

    @Option(name: .customLong("acquirer-url"), help: "Overrides the acquirer profile's base URL (env ACQUIRER_URL).")
    var acquirerURL: String?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535, got \(port)") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configFile = configFile ?? environment["LUNAS_CONFIG"] ?? "Config/lunas.json"
        let file: ServerConfigFile
        do {
            file = try ServerConfigFile(path: configFile)
        } catch {
            FileHandle.standardError.write(Data("lunas serve: \(error)\n".utf8))
            throw ExitCode(78)
        }
        var settings = ServerSettings()
        settings.configDirectory = URL(fileURLWithPath: configFile).deletingLastPathComponent().path
        settings.host = host ?? environment["HTTP_HOST"] ?? file.host ?? settings.host
        settings.dataDirectory =
            dataDirectory ?? environment["DATA_DIR"] ?? file.dataDirectory ?? settings.dataDirectory
        if let port {
            settings.port = port
        } else if let text = environment["HTTP_PORT"] {
            guard let value = Int(text), (0...65535).contains(value) else {
                throw ValidationError("HTTP_PORT must be 0–65535, got \"\(text)\"")
            }
            settings.port = value
        } else if let value = file.port {
            settings.port = value
        }
        settings.acquirerURL = acquirerURL ?? environment["ACQUIRER_URL"]
        if let text = environment["INVOICE_LIFETIME_SECONDS"] {
            guard let value = Int(text), (60...604_800).contains(value) else {
                throw ValidationError("INVOICE_LIFETIME_SECONDS must be 60–604800, got \"\(text)\"")
            }
            settings.invoiceLifetime = TimeInterval(value)
        } else if let value = file.invoiceLifetime {
            settings.invoiceLifetime = TimeInterval(value)
        }
        var logger = Logger(label: "lunas")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let app: any ApplicationProtocol
        do {
            app = try await buildApplication(settings: settings, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("lunas serve: \(error)\n".utf8))
            throw ExitCode(78)
        }
        try await app.runService()
    }
}

/// The server's keys in the configuration file: `{"http": {"host", "port"}, "data": {"dir"},
/// "invoices": {"lifetimeSeconds"}}` (all optional; the `city` object is the city's).
struct ServerConfigFile: Sendable {
    var host: String?
    var port: Int?
    var dataDirectory: String?
    var invoiceLifetime: Int?

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no configuration file at \(path)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("\(path) is not a JSON object")
        }
        let http = root["http"] as? [String: Any]
        host = http?["host"] as? String
        port = http?["port"] as? Int
        dataDirectory = (root["data"] as? [String: Any])?["dir"] as? String
        invoiceLifetime = (root["invoices"] as? [String: Any])?["lifetimeSeconds"] as? Int
        if let port, !(0...65535).contains(port) { throw ValidationError("\(path): http.port must be 0–65535") }
    }
}
