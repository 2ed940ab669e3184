import API
import ArgumentParser
import Foundation
import Hummingbird
import Ledger
import Logging
import Settings

/// `lunas serve [--config FILE] [--host H] [--port P] [--data-dir DIR] [--database-url URL]
/// [--acquirer-url URL] [--demo] [--metrics-port P]`: runs the HTTP API.
///
/// Settings are resolved by ``ServerSettings/resolve(commandLine:environment:)`` with
/// swift-configuration: command line > environment > the configuration file > defaults (every key
/// in ``ServerSetting/all``). A bad value exits 2 naming the key and the layer; an unreadable
/// configuration, a refused acquirer profile (test-only or demo keys without `--demo`), a
/// `database.url` this build cannot open (``StoreOpening``) 78; a port in use 1, before anything
/// is created under the data directory. The store is opened after the configuration, the acquirer
/// and the receipt key were accepted, and handed to ``buildApplication(settings:store:parts:logger:now:onMetricsListening:)``. SIGTERM and SIGINT shut it down gracefully: open requests finish, then
/// the process exits 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (the demo city of Config/, with --demo, on SQLite under ./data by default).",
        discussion: ServerSetting.all.map { setting in
            "\(setting.key): \(setting.flag.map { "\($0), " } ?? "")\(setting.environmentVariable)"
        }.joined(separator: "\n")
    )

    @OptionGroup var location: LedgerLocationOptions

    @Option(help: "The address to bind.")
    var host: String?

    @Option(help: "The port to listen on.")
    var port: Int?

    @Option(name: .customLong("acquirer-url"), help: "Overrides the acquirer profile's base URL.")
    var acquirerURL: String?

    @Flag(help: "Demo mode: accept test-only acquirer profiles and demo keys; loopback only.")
    var demo = false

    @Option(name: .customLong("metrics-port"), help: "The port of the /metrics listener (0: any free port).")
    var metricsPort: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535, got \(port)") }
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0–65535, got \(metricsPort)")
        }
    }

    /// The flags given, by setting key.
    var commandLine: [String: String] {
        var values = location.commandLine
        values["http.host"] = host
        values["http.port"] = port.map(String.init)
        values["acquirer.url"] = acquirerURL
        values["demo"] = demo ? "true" : nil
        values["metrics.port"] = metricsPort.map(String.init)
        return values
    }

    func run() async throws {
        let settings = try await ServerSettings.resolveForCommand(
            "lunas serve", commandLine: commandLine, environment: ProcessInfo.processInfo.environment)
        var logger = Logger(label: "lunas")
        logger.logLevel = settings.logLevel
        // Before anything is created under the data directory: a port in use exits 1 naming it.
        for (host, port) in [(settings.host, settings.port), (settings.metricsHost, settings.metricsPort)] {
            do {
                try await ServerRuntime.checkCanListen(host: host, port: port)
            } catch {
                FileHandle.standardError.write(Data("lunas serve: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
        }
        // A database.url this build cannot open exits 78 before anything is created.
        try StoreOpening.check(for: "lunas serve", settings: settings)
        do {
            try await serve(settings: settings, logger: logger)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            // The database refused before the node could start (unreachable, a wrong password).
            FileHandle.standardError.write(Data("lunas serve: \(Self.describe(error))\n".utf8))
            throw ExitCode(78)
        }
    }

    /// Loads the configuration, opens the ledger and serves until a signal stops the server.
    private func serve(settings: ServerSettings, logger: Logger) async throws {
        try await StoreOpening.serving(for: "lunas serve", settings: settings, logger: logger) { node in
            let app: any ApplicationProtocol
            let parts: ServerParts
            do {
                // The configuration, the acquirer and the receipt key first: a start refused there
                // creates no ledger.
                parts = try await ServerParts.load(settings: settings, shared: node.shared)
                let store = try await node.openStore()
                app = try await buildApplication(
                    settings: settings, store: store, parts: parts, logger: logger, nodes: node.coordination)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                FileHandle.standardError.write(Data("lunas serve: \(Self.describe(error))\n".utf8))
                throw ExitCode(78)
            }
            // The parts hold the data directory's lock (SQLite) for as long as the server runs.
            defer { withExtendedLifetime(parts) {} }
            do {
                try await app.runService()
            } catch {
                FileHandle.standardError.write(Data("lunas serve: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

extension ServeCommand {
    /// An error for standard error, each problem once: a configuration's list of problems is the
    /// message of `config.invalid` and also its cause, so the cause is left out.
    static func describe(_ error: any Error) -> String {
        if let error = error as? LedgerError, error.cause is CityConfigurationProblems {
            return "\(error.code): \(error.message)"
        }
        // A start-up refusal is not an HTTP answer: its code and message, without a status.
        if let error = error as? APIError { return "\(error.code): \(error.message)" }
        return "\(error)"
    }
}

extension ServerSettings {
    /// ``resolve(commandLine:environment:)`` for a command: a bad value exits 2, an unreadable
    /// configuration file or a key in it that no reader owns 78 (``resolveSettings(_:_:)``);
    /// `--demo` on a host that is not loopback 2; each with the message on standard error.
    static func resolveForCommand(
        _ command: String, commandLine: [String: String], environment: [String: String]
    ) async throws -> ServerSettings {
        do {
            return try await resolveSettings(command) {
                try await resolve(commandLine: commandLine, environment: environment)
            }
        } catch let error as APIError {
            FileHandle.standardError.write(Data("\(command): \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
