import Foundation
import LunasTestSupport
import Testing

@Suite("lunas acquirer-sim: usage errors and the pay client")
struct AcquirerSimCommandTests {
    @Test(
        "bad options exit 2 naming the option",
        arguments: [
            (["acquirer-sim", "--port", "70000"], "--port"),
            (["acquirer-sim", "--port", "eighty"], "--port"),
            (["acquirer-sim", "--notify-url", "ftp://127.0.0.1"], "--notify-url"),
            (["acquirer-sim", "--data-dir", ""], "--data-dir"),
            (["acquirer-sim", "--no-such-flag"], "--no-such-flag"),
            (["acquirer-sim", "pay"], "<payload>"),
            (["acquirer-sim", "pay", "000201", "--url", "not a url"], "--url"),
            (["acquirer-sim", "pay", "000201", "--amount", "-5"], "--amount"),
        ])
    func usageErrors(arguments: [String], named: String) async throws {
        let output = try await LunasBinary.run(arguments)
        #expect(output.status == 2, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains(named), "\(arguments): \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("a faults file that is missing or malformed exits 2 naming --faults")
    func badFaults() async throws {
        let missing = try await LunasBinary.run(["acquirer-sim", "--faults", "/nonexistent/faults.json", "--port", "0"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--faults"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString).json")
        try Data(#"{"failingGenerates": "many"}"#.utf8).write(to: file)
        let malformed = try await LunasBinary.run(["acquirer-sim", "--faults", file.path, "--port", "0"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("failingGenerates"), "\(malformed.stderr)")
    }

    @Test("a bad ACQUIRER_SIM_ variable exits 2 naming it, before anything starts")
    func badEnvironment() async throws {
        let result = try await ChildProcess.run(
            TestExecutable.lunas(), ["acquirer-sim", "--demo"],
            environment: .adding(["ACQUIRER_SIM_NOTIFY_URL": "ftp://127.0.0.1"]))
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrText.contains(#"ACQUIRER_SIM_NOTIFY_URL="ftp://127.0.0.1""#), "\(result)")
        #expect(result.stderrText.contains("notify.url"), "\(result)")
    }

    @Test("a key of the simulator's configuration file that is not a setting exits 78 naming its path")
    func unknownKeyInFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).json")
        try Data(#"{"http": {"prot": 8082}}"#.utf8).write(to: file)
        let output = try await LunasBinary.run(["acquirer-sim", "--demo", "--config", file.path])
        #expect(output.status == 78, "\(output.stderr)")
        #expect(output.stderr.contains("settings.unknownKey") || output.stderr.contains("\"prot\""), "\(output.stderr)")
        #expect(output.stderr.contains(file.path), "\(output.stderr)")
    }

    @Test("a profile that does not exist exits 78 naming the file")
    func missingProfile() async throws {
        let output = try await LunasBinary.run(["acquirer-sim", "--profile", "/nonexistent/sim.json", "--port", "0"])
        #expect(output.status == 78)
        #expect(output.stderr.contains("/nonexistent/sim.json"))
    }

    @Test("pay against a simulator that is not running exits 69 and prints nothing on standard output")
    func payUnreachable() async throws {
        let output = try await LunasBinary.run(["acquirer-sim", "pay", "000201010211", "--url", "http://127.0.0.1:1"])
        #expect(output.status == 69)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("127.0.0.1:1"))
    }

    @Test("help lists the subcommand's options")
    func help() async throws {
        let output = try await LunasBinary.run(["acquirer-sim", "--help"])
        #expect(output.status == 0)
        for option in ["--port", "--profile", "--notify-url", "--data-dir", "pay"] {
            #expect(output.stdout.contains(option), "\(option)")
        }
    }
}
