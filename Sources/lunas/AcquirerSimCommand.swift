import AcquirerSimulator
import API
import Acquirer
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `lunas acquirer-sim --demo [--port P] [--profile FILE] [--notify-url URL] [--data-dir DIR]`: runs
/// the SNAP acquirer simulator (demo only: without `--demo` a test-only profile exits 78). `lunas acquirer-sim pay PAYLOAD --url URL` pays a QR through
/// a running one.
struct AcquirerSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acquirer-sim",
        abstract: "Run the SNAP QRIS acquirer simulator (demo only; 127.0.0.1:8081, notifies 127.0.0.1:8080).",
        subcommands: [AcquirerSimPayCommand.self]
    )

    @Option(help: "The port to listen on.")
    var port: Int = 8081

    @Option(help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "The acquirer profile.")
    var profile: String = "Config/acquirers/simulator.json"

    @Option(
        name: .customLong("notify-url"),
        help: "Lunas's base URL (the profile's notify path is appended) or a full notify URL.")
    var notifyURL: String = "http://127.0.0.1:8080"

    @Option(name: .customLong("data-dir"), help: "Where the simulator keeps its books (simulator-state.json).")
    var dataDirectory: String = "./data/acquirer-sim"

    @Option(help: "Seed for RRNs, tokens and fault plans (default: the clock).")
    var seed: UInt64?

    @Option(help: "Faults at start, a JSON file like the body of PUT /sim/faults (default: none).")
    var faults: String?

    @Flag(help: "Demo mode: accept the test-only simulator profile and its demo keys; loopback only.")
    var demo = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535, got \(port)") }
        guard HTTPURL.parse(notifyURL) != nil else {
            throw ValidationError("--notify-url must be an http or https URL, got \"\(notifyURL)\"")
        }
        guard !dataDirectory.isEmpty else { throw ValidationError("--data-dir must not be empty") }
    }

    func run() async throws {
        var settings = SimulatorServerSettings(
            host: host, port: port, profilePath: profile, notifyURL: notifyURL, dataDirectory: dataDirectory)
        if let seed { settings.seed = seed }
        settings.demo = demo
        if let faults {
            do {
                guard let data = FileManager.default.contents(atPath: faults) else {
                    throw AcquirerError(.invalidField, "cannot read \(faults)", field: "--faults")
                }
                settings.faults = try SNAPCoding.decode(SimulatorFaults.self, from: data, what: "faults file \(faults)")
            } catch {
                FileHandle.standardError.write(Data("lunas acquirer-sim: --faults: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        var logger = Logger(label: "lunas-acquirer-sim")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
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
