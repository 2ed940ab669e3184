import AcquirerSimulator
import Acquirer
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Settings

/// `lunas acquirer-sim --demo [--config FILE] [--port P] [--profile FILE] [--notify-url URL]
/// [--data-dir DIR] [--seed N] [--faults FILE]`: runs the SNAP acquirer simulator (demo only:
/// without `--demo` a test-only profile exits 78). `lunas acquirer-sim pay PAYLOAD --url URL` pays a
/// QR through a running one.
///
/// Settings are resolved by ``SimulatorServerSettings/resolve(commandLine:environment:defaults:)``
/// with the same swift-configuration table machinery as `lunas serve`: command line > environment
/// (`ACQUIRER_SIM_…`) > the simulator's configuration file > defaults. A bad value exits 2 naming
/// the key and the layer; an unreadable configuration file or a key in it that is not a setting 78;
/// a bad profile, key, MDR schedule or state file 78.
struct AcquirerSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acquirer-sim",
        abstract: "Run the SNAP QRIS acquirer simulator (demo only; 127.0.0.1:8081, notifies 127.0.0.1:8080).",
        discussion: SimulatorServerSettings.table.helpLines(defaults: SimulatorServerSettings(seed: 0))
            .joined(separator: "\n"),
        subcommands: [AcquirerSimPayCommand.self]
    )

    @Option(
        name: .customLong("config"), help: "The simulator's configuration file (default Config/acquirer-sim.json).")
    var configFile: String?

    @Option(help: "The port to listen on (default 8081).")
    var port: Int?

    @Option(help: "The address to bind (default 127.0.0.1).")
    var host: String?

    @Option(help: "The acquirer profile (default Config/acquirers/simulator.json).")
    var profile: String?

    @Option(
        name: .customLong("notify-url"),
        help: "Lunas's base URL (the profile's notify path is appended) or a full notify URL.")
    var notifyURL: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Where the simulator keeps its books, simulator-state.json (default ./data/acquirer-sim).")
    var dataDirectory: String?

    @Option(help: "Seed for RRNs, tokens and fault plans (default: the clock).")
    var seed: UInt64?

    @Option(help: "Faults at start, a JSON file like the body of PUT /sim/faults (default: none).")
    var faults: String?

    @Flag(help: "Demo mode: accept the test-only simulator profile and its demo keys; loopback only.")
    var demo = false

    /// The flags given, by setting key (``SimulatorServerSettings/table``).
    var commandLine: [String: String] {
        var values: [String: String] = [:]
        values["config.file"] = configFile
        values["http.host"] = host
        values["http.port"] = port.map(String.init)
        values["profile.file"] = profile
        values["notify.url"] = notifyURL
        values["data.dir"] = dataDirectory
        values["seed"] = seed.map(String.init)
        values["faults.file"] = faults
        values["demo"] = demo ? "true" : nil
        return values
    }

    func run() async throws {
        let settings = try await resolveSettings("lunas acquirer-sim") {
            try await SimulatorServerSettings.resolve(
                commandLine: commandLine, environment: ProcessInfo.processInfo.environment)
        }
        var logger = Logger(label: "lunas-acquirer-sim")
        logger.logLevel = settings.logLevel
        let application: any ApplicationProtocol
        do {
            application = try await buildSimulatorApplication(settings: settings, logger: logger).application
        } catch {
            FileHandle.standardError.write(Data("lunas acquirer-sim: \(error)\n".utf8))
            throw ExitCode(78)
        }
        // Notifies still waiting for a retry when the process stops are kept in the state file and
        // resumed by the next start on the same data directory.
        try await application.runService()
    }
}
