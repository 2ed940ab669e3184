import API
import Foundation
import LunasTestSupport
import Testing

/// Issue 12, item 12: the data directory is 0700 and the database, its WAL and shared memory and the keys
/// 0600 whatever the umask; secret files that group or others may read stop `lunas serve` with exit 78,
/// naming the file. Each test runs the real `lunas` binary.
@Suite("Files on disk")
struct FilesOnDiskTests {
    /// How a `lunas serve` started by ``serve(_:umask:in:)`` ended up.
    enum Outcome {
        /// It printed its "listening on" line (and is still running).
        case listening(ChildProcess, port: Int)
        /// It exited before listening, with this status and output.
        case exited(Int32, output: String)
    }

    /// Starts `lunas ARGUMENTS` through `/bin/sh` with `umask MASK`, and waits (up to 60 s, a time-out, not a
    /// timing assertion) until it listens or exits.
    static func serve(_ arguments: [String], umask mask: String = "022", in directory: URL) async throws -> Outcome {
        let process = try ChildProcess.start(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "umask \(mask) && exec \"$0\" \"$@\"", try TestExecutable.lunas().path] + arguments,
            log: directory.appendingPathComponent("serve-\(UUID().uuidString).log"))
        if let line = try await process.line(containing: "listening on 127.0.0.1:") {
            return .listening(process, port: ListeningProcess.port(after: "listening on 127.0.0.1:", in: line) ?? 0)
        }
        let result = try await process.finished()
        return .exited(result.status, output: result.stdoutText + result.stderrText)
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func mode(_ path: String) throws -> Int {
        try #require(
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("under umask 000 the data directory is 0700 and the database, WAL, shared memory and keys 0600")
    func modesUnderUmask000() async throws {
        let root = try Self.temporaryDirectory()
        let data = root.appendingPathComponent("data")  // lunas creates it
        let outcome = try await Self.serve(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ], umask: "000", in: root)
        guard case .listening(let process, _) = outcome else {
            Issue.record("lunas serve did not start: \(outcome)")
            return
        }
        defer { process.send(SIGTERM) }
        #expect(try Self.mode(data.path) == 0o700)
        for name in ["lunas.sqlite", "lunas.sqlite-wal", "lunas.sqlite-shm", ReceiptKeyFile.privateKeyName] {
            #expect(try Self.mode(data.appendingPathComponent(name).path) == 0o600, "\(name)")
        }
        #expect(try Self.mode(data.appendingPathComponent(ReceiptKeyFile.publicKeyName).path) == 0o644)
        #expect(try Self.mode(data.appendingPathComponent("settlements").path) == 0o700)
        // The key was written through a temporary file that was renamed: none is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")

        // A database left 0644 by an older version is narrowed to 0600 when Lunas opens it.
        let database = data.appendingPathComponent("lunas.sqlite").path
        #expect(chmod(database, 0o644) == 0)
        let again = try await Self.serve(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ], umask: "000", in: root)
        guard case .listening(let second, _) = again else {
            Issue.record("lunas serve did not restart: \(again)")
            return
        }
        #expect(try Self.mode(database) == 0o600)
        #expect(try Self.mode(database + "-wal") == 0o600)
        _ = try await second.stop()
    }

    @Test("a receipt signing key readable by group or others: exit 78 naming the file")
    func exposedReceiptKey() async throws {
        let root = try Self.temporaryDirectory()
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let key = data.appendingPathComponent(ReceiptKeyFile.privateKeyName)
        let seed = (0..<32).map { _ in UInt8.random(in: 0...255) }
        try Data((Data(seed).base64EncodedString() + "\n").utf8).write(to: key)
        #expect(chmod(key.path, 0o644) == 0)
        let outcome = try await Self.serve(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ], in: root)
        switch outcome {
        case .listening(let process, _):
            _ = try await process.stop()
            Issue.record("lunas serve started with a receipt key of mode 0644")
        case .exited(let status, let output):
            #expect(status == 78, "\(output)")
            #expect(output.contains(key.path), "\(output)")
            #expect(output.contains(SecretFilePermissions.exposedCode), "\(output)")
            #expect(output.contains("0644"), "\(output)")
            #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("lunas.sqlite").path))
        }
    }

    /// A copy of `Config/` whose acquirer is a production (not test-only) profile reading its client secret
    /// from `keys/client-secret.txt` with `mode`.
    static func productionConfig(secretMode: mode_t) async throws -> (config: URL, secret: URL) {
        let manager = FileManager.default
        let config = try temporaryDirectory().appendingPathComponent("Config")
        try manager.copyItem(at: URL(fileURLWithPath: APIFixture.configDirectory), to: config)
        let keys = config.appendingPathComponent("acquirers/keys")
        try manager.createDirectory(at: keys, withIntermediateDirectories: true)
        try await FreshKeys.rsaPair(
            privateKey: keys.appendingPathComponent("acquirer-private.pem"),
            publicKey: keys.appendingPathComponent("acquirer-public.pem"))
        let secret = keys.appendingPathComponent("client-secret.txt")
        try Data("a-production-client-secret-of-some-length\n".utf8).write(to: secret)
        #expect(chmod(secret.path, secretMode) == 0)
        let profile = """
            {"id": "city-bank", "name": "City bank", "baseURL": "https://snap.bank.example", "pathPrefix": "",
             "timestampZone": "+07:00", "clockSkewSeconds": 300, "issuingMode": "local",
             "validity": {"minMinutes": 1, "maxMinutes": 1440, "defaultMinutes": 60}, "partnerIDMaxLength": 36,
             "channelID": "95221", "merchantId": "AMB000000097126",
             "notify": {"scheme": "rsa-body", "confirmWithQuery": false},
             "credentials": {"partnerID": "CITYBANK", "clientID": "city-bank",
               "clientSecret": {"file": "keys/client-secret.txt"},
               "acquirerPublicKey": {"file": "keys/acquirer-public.pem"}}}
            """
        try manager.removeItem(at: config.appendingPathComponent("acquirers/simulator.json"))
        try Data(profile.utf8).write(to: config.appendingPathComponent("acquirers/city-bank.json"))
        let lunas = config.appendingPathComponent("lunas.json")
        let text = try String(contentsOf: lunas, encoding: .utf8)
            .replacingOccurrences(of: #"{ "profile": "simulator" }"#, with: #"{ "profile": "city-bank" }"#)
        #expect(text.contains("city-bank"))
        try Data(text.utf8).write(to: lunas)
        return (config, secret)
    }

    @Test("an acquirer credential file readable by group or others: exit 78 naming profile and file; 0600 starts")
    func exposedCredentialFile() async throws {
        let (config, secret) = try await Self.productionConfig(secretMode: 0o640)
        let root = config.deletingLastPathComponent()
        let data = root.appendingPathComponent("data")
        let arguments = [
            "serve", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
            config.appendingPathComponent("lunas.json").path,
        ]
        switch try await Self.serve(arguments, in: root) {
        case .listening(let process, _):
            _ = try await process.stop()
            Issue.record("lunas serve started with a client secret of mode 0640")
        case .exited(let status, let output):
            #expect(status == 78, "\(output)")
            #expect(output.contains(secret.path), "\(output)")
            #expect(output.contains("credentials.clientSecret"), "\(output)")
            #expect(output.contains("city-bank"), "\(output)")
            #expect(!FileManager.default.fileExists(atPath: data.path), "nothing is created before the refusal")
        }
        // The same file with mode 0600 is accepted: the check is about the mode, not the profile.
        #expect(chmod(secret.path, 0o600) == 0)
        switch try await Self.serve(arguments, in: root) {
        case .listening(let process, _):
            _ = try await process.stop()
        case .exited(let status, let output):
            Issue.record("lunas serve refused a 0600 secret: \(status) \(output)")
        }
    }
}
