import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

@Suite("lunas staff add|link|list|disable (the built binary)")
struct StaffCLITests {
    /// Runs the built `lunas` with `input` on its standard input.
    static func run(
        _ arguments: [String], input: String
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try await ChildProcess.run(
            TestExecutable.lunas(), arguments, stdin: Data(input.utf8),
            directory: URL(fileURLWithPath: APIFixture.configDirectory).deletingLastPathComponent())
        return (result.status, result.stdoutText, result.stderrText)
    }

    @Test(
        "add prints the set-password link from public.baseURL on the last line; --password-stdin; list; link; disable")
    func staffCommands() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-staff-\(UUID().uuidString)")
            .path
        let base = ["PUBLIC_BASE_URL": "https://parkir.ambon.example/"]
        let added = try await DeviceCLITests.run(
            [
                "staff", "add", "--email", "Rina@Ambon.example", "--name", "Rina", "--role", "finance", "--data-dir",
                data,
            ],
            environment: base)
        #expect(added.status == 0, "\(added.stderr)")
        let link = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        #expect(link.hasPrefix("https://parkir.ambon.example/console/set-password?token="))
        #expect(link.count > 80)

        let withPassword = try await Self.run(
            [
                "staff", "add", "--email", "yosef@ambon.example", "--name", "Yosef", "--role", "supervisor", "--zone",
                "ayp-01", "--password-stdin", "--data-dir", data,
            ],
            input: "Cengkih-Saparua-2207-Teliti\n")
        #expect(withPassword.status == 0, "\(withPassword.stderr)")
        #expect(!withPassword.stdout.contains("set-password"))
        let weak = try await Self.run(
            [
                "staff", "add", "--email", "x@ambon.example", "--name", "X", "--role", "admin", "--password-stdin",
                "--data-dir", data,
            ],
            input: "password1234\n")
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("password.common"))

        let duplicate = try await DeviceCLITests.run(
            ["staff", "add", "--email", "rina@ambon.example", "--name", "R", "--role", "admin", "--data-dir", data])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("staff.duplicateEmail"))
        let badRole = try await DeviceCLITests.run(
            ["staff", "add", "--email", "z@ambon.example", "--name", "Z", "--role", "attendant", "--data-dir", data])
        #expect(badRole.status == 2)
        let badZone = try await DeviceCLITests.run(
            [
                "staff", "add", "--email", "z@ambon.example", "--name", "Z", "--role", "supervisor", "--zone", "mars",
                "--data-dir", data,
            ])
        #expect(badZone.status != 0)

        let listed = try await DeviceCLITests.run(["staff", "list", "--data-dir", data])
        #expect(listed.stdout.contains("rina@ambon.example\tfinance\t-\tno password yet\tRina"))
        #expect(listed.stdout.contains("yosef@ambon.example\tsupervisor\tayp-01\tactive\tYosef"))
        #expect(!listed.stdout.contains("$2b$"), "hashes are never printed")

        let relinked = try await DeviceCLITests.run([
            "staff", "link", "--email", "rina@ambon.example", "--data-dir", data,
        ])
        #expect(relinked.status == 0)
        #expect(relinked.stdout.split(separator: "\n").last.map(String.init) != link)

        let disabled = try await DeviceCLITests.run([
            "staff", "disable", "--email", "yosef@ambon.example", "--data-dir", data,
        ])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        let unknown = try await DeviceCLITests.run([
            "staff", "disable", "--email", "nobody@ambon.example", "--data-dir", data,
        ])
        #expect(unknown.status == 1)
        let store = try await SQLiteLedgerStore.open(path: data + "/lunas.sqlite")
        #expect(try await store.staffMember(email: "yosef@ambon.example")?.isActive == false)
        let audit = try await store.staffAudit(limit: 20)
        #expect(audit.contains { $0.kind == .staffDisabled && $0.actor == "operator" })
        #expect(try await store.events(after: 0, limit: 10).isEmpty)
    }
}
