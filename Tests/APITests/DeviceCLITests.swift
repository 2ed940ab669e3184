import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

@Suite("lunas device enroll|list|revoke (the built binary)")
struct DeviceCLITests {
    /// Runs the built `lunas` with `arguments` (and `environment` added to this process's) in the
    /// repository's root folder.
    static func run(
        _ arguments: [String], environment: [String: String] = [:]
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try await ChildProcess.run(
            TestExecutable.lunas(), arguments, environment: .adding(environment),
            directory: URL(fileURLWithPath: APIFixture.configDirectory).deletingLastPathComponent())
        #expect(!result.terminatedBySignal, "\(result)")
        return (result.status, result.stdoutText, result.stderrText)
    }

    @Test("enroll prints the token on the last line and stores only its hash; list and revoke")
    func enrollListRevoke() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-dev-\(UUID().uuidString)").path
        let enrolled = try await Self.run([
            "device", "enroll", "--name", "Jukir Pattimura 03", "--role", "attendant", "--zone", "ptm-01",
            "--data-dir", data,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let lines = enrolled.stdout.split(separator: "\n").map(String.init)
        let token = try #require(lines.last)
        #expect(token.count == 43)  // 32 bytes, base64url without padding
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })

        let store = try await SQLiteLedgerStore.open(path: data + "/lunas.sqlite")
        let device = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: token))
        #expect(device.role == .attendant)
        #expect(device.zone == "ptm-01")
        #expect(device.credentialHash != token)

        let listed = try await Self.run(["device", "list", "--data-dir", data])
        #expect(listed.stdout.contains(device.id.rawValue))
        #expect(listed.stdout.contains("active"))

        let revoked = try await Self.run(["device", "revoke", device.id.rawValue, "--data-dir", data])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await store.device(id: device.id)
        #expect(after?.isRevoked == true)
        do {
            _ = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: token))
            Issue.record("a revoked device authenticated")
        } catch let error as LedgerError {
            #expect(error.code == .deviceRevoked)
        }
        let unknown = try await Self.run(["device", "revoke", "dev-nothing", "--data-dir", data])
        #expect(unknown.status == 1)

        let badRole = try await Self.run(["device", "enroll", "--name", "X", "--role", "boss", "--data-dir", data])
        #expect(badRole.status == 2)
        let badZone = try await Self.run([
            "device", "enroll", "--name", "X", "--role", "attendant", "--zone", "mars", "--data-dir", data,
        ])
        #expect(badZone.status == 2)
        #expect(badZone.stderr.contains("mars"))

        // Last, because closing a file descriptor on the database drops this process's SQLite locks.
        for name in ["lunas.sqlite", "lunas.sqlite-wal"] {
            let url = URL(fileURLWithPath: data + "/" + name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            #expect(try Data(contentsOf: url).range(of: Data(token.utf8)) == nil, "the token is in \(name)")
        }
    }
}
