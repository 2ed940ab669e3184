import Foundation
import Ledger
import LedgerSQLite
import Testing

@Suite("lunas device enroll|list|revoke (the built binary)")
struct DeviceCLITests {
    static func binary(filePath: String = #filePath) throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("lunas"))
            candidates.append(
                executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lunas"))
        }
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/lunas"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "the lunas binary was not built; looked in \(candidates.map(\.path))")
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = URL(fileURLWithPath: APIFixture.configDirectory).deletingLastPathComponent()
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: try Data(contentsOf: output), as: UTF8.self),
            String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        )
    }

    @Test("enroll prints the token on the last line and stores only its hash; list and revoke")
    func enrollListRevoke() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-dev-\(UUID().uuidString)").path
        let enrolled = try Self.run([
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

        let listed = try Self.run(["device", "list", "--data-dir", data])
        #expect(listed.stdout.contains(device.id.rawValue))
        #expect(listed.stdout.contains("active"))

        let revoked = try Self.run(["device", "revoke", device.id.rawValue, "--data-dir", data])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await store.device(id: device.id)
        #expect(after?.isRevoked == true)
        do {
            _ = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: token))
            Issue.record("a revoked device authenticated")
        } catch let error as LedgerError {
            #expect(error.code == .deviceRevoked)
        }
        let unknown = try Self.run(["device", "revoke", "dev-nothing", "--data-dir", data])
        #expect(unknown.status == 1)

        let badRole = try Self.run(["device", "enroll", "--name", "X", "--role", "boss", "--data-dir", data])
        #expect(badRole.status == 2)
        let badZone = try Self.run([
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
