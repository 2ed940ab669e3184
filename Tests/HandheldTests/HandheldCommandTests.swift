import Foundation
import LunasTestSupport
import Testing

@Suite("lunas handheld: usage errors, exit codes and the attendant's language")
struct HandheldCommandTests {
    static func run(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess.run(TestExecutable.lunas(), ["handheld"] + arguments)
    }

    static func stateDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("handheld-cli-\(UUID().uuidString)").path
    }

    @Test(
        "bad arguments exit 2 naming the option",
        arguments: [
            (["exit", "--plate", "DE1", "--ticket", "tkt_1", "--state-dir", "/tmp/x"], "--plate or --ticket"),
            (["enroll", "--uri", "lunas://join?x=1", "--state-dir", "/tmp/x"], "--uri"),
            (["enroll", "--server", "ftp://a", "--token", "t", "--state-dir", "/tmp/x"], "--server"),
            (["status", "--state-dir", "/tmp/x", "--lang", "fr"], "--lang"),
            (["sync", "--state-dir", "/tmp/x", "--batch-size", "0"], "--batch-size"),
            (["issue", "--plate", "DE1", "--class", "car"], "--state-dir"),
        ])
    func usage(arguments: [String], named: String) async throws {
        let result = try await Self.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrText.contains(named), "\(result)")
    }

    @Test("before enrolment: exit 78, Indonesian by default, English with --lang en, JSON with --json")
    func notEnrolled() async throws {
        let directory = Self.stateDirectory()
        let plain = try await Self.run(["issue", "--plate", "DE 1 A", "--class", "car", "--state-dir", directory])
        #expect(plain.status == 78, "\(plain)")
        #expect(plain.stderrText.contains("Perangkat belum terdaftar"), "\(plain)")
        let english = try await Self.run(["sync", "--state-dir", directory, "--lang", "en"])
        #expect(english.status == 78 && english.stderrText.contains("not enrolled"), "\(english)")
        let json = try await Self.run(["status", "--state-dir", directory, "--json"])
        #expect(json.status == 0, "\(json)")
        let status = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(status["queued"] as? Int == 0 && status["server"] is NSNull)
    }

    @Test("enrolment against a server that does not answer exits 69 and stores no token")
    func unreachableEnrolment() async throws {
        let directory = Self.stateDirectory()
        let result = try await Self.run([
            "enroll", "--uri", "lunas://enroll?server=http://127.0.0.1:1&token=secret-token-123", "--state-dir",
            directory,
        ])
        #expect(result.status == 69, "\(result)")
        #expect(!result.stdoutText.contains("secret-token-123") && !result.stderrText.contains("secret-token-123"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/device-token"))
        // A token that begins with "-" (base64url) is a value, not an option.
        let dashed = try await Self.run([
            "enroll", "--server", "http://127.0.0.1:1", "--token", "-IQPy45Tb", "--state-dir", Self.stateDirectory(),
        ])
        #expect(dashed.status == 69, "\(dashed)")
    }
}
