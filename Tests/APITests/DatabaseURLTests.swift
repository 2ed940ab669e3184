import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Logging
import LunasTestSupport
import Settings
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 13, item 4: the store is injected. `buildApplication` serves the store it is handed, and
/// the `lunas` executable opens the ledger from one setting, `database.url` (`DATABASE_URL`,
/// `--database-url`, default `sqlite:`: `lunas.sqlite` in `data.dir`), for every command.
@Suite("database.url: the store is injected")
struct DatabaseURLTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-dburl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// `lunas ARGUMENTS` in `directory` (default: the repository, whose `Config/` is the demo city).
    static func lunas(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard let directory else { return try await DeviceCLITests.run(arguments, environment: environment) }
        let result = try await ChildProcess.run(
            TestExecutable.lunas(), arguments, environment: .adding(environment), directory: directory)
        #expect(!result.terminatedBySignal, "\(result)")
        return (result.status, result.stdoutText, result.stderrText)
    }

    @Test("--database-url sqlite:/abs/path puts the ledger there: serve issues a ticket, ledger verify reads it")
    func absoluteSQLitePath() async throws {
        let root = try Self.temporaryDirectory()
        let data = root.appendingPathComponent("data")
        // Its folder does not exist yet: opening the ledger creates it.
        let ledger = root.appendingPathComponent("x/other.sqlite").path
        let url = "sqlite:" + ledger

        let enrolled = try await Self.lunas([
            "device", "enroll", "--name", "Jukir 1", "--role", "attendant", "--zone", "ayp-01", "--data-dir", data.path,
            "--database-url", url,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let token = try #require(enrolled.stdout.split(separator: "\n").last.map(String.init))

        let (process, port) = try await ListeningProcess.start(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--database-url", url,
                "--config", APIFixture.configDirectory + "/lunas.json",
            ],
            log: root.appendingPathComponent("serve.log"))
        defer { process.send(SIGTERM) }
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/parking/tickets")))
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("database-url-ticket-1", forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = Data(#"{"plate":"DE 1234 AB","vehicleClass":"motorcycle"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect(
            (response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: body, as: UTF8.self))")
        let stopped = try await process.stop()
        #expect(stopped.succeeded, "\(stopped)")

        // The ledger is where the URL says, and nothing is at the default place.
        #expect(FileManager.default.fileExists(atPath: ledger))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("lunas.sqlite").path))
        // The receipt key still lives in the data directory.
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent(ReceiptKeyFile.privateKeyName).path))

        let verify = try await Self.lunas(["ledger", "verify", "--database-url", url])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ledger intact"), "\(verify.stdout)")
        // From the environment too (DATABASE_URL), whatever --data-dir says.
        let fromEnvironment = try await Self.lunas(
            ["ledger", "verify", "--data-dir", data.path], environment: ["DATABASE_URL": url])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stdout) \(fromEnvironment.stderr)")
        // Without it, the data directory's default ledger is looked for, and there is none.
        let missing = try await Self.lunas(["ledger", "verify", "--data-dir", data.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no ledger database at \(data.appendingPathComponent("lunas.sqlite").path)"))

        // The ticket is in it: events after the enrolment's.
        let store = try await SQLiteLedgerStore.open(path: ledger)
        let events = try await store.events(after: 0, limit: 100)
        #expect(events.count > 1, "\(events.map(\.kind))")
    }

    @Test(
        "a location this build cannot open is refused with exit 78 naming database.url and why, before anything is created",
        arguments: [
            ["--database-url", "mysql://lunas@localhost/lunas"],
            ["--database-url", "sqlite://host/lunas.sqlite"],
            ["--database-url", "postgres://lunas:hunter2@127.0.0.1:5432/lunas?sslmode=disable"],
        ])
    func unknownSchemeRefused(_ flag: [String]) async throws {
        let root = try Self.temporaryDirectory()
        let data = root.appendingPathComponent("data")
        let serve = try await Self.lunas(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ] + flag)
        #expect(serve.status == 78, "\(serve.stderr)")
        #expect(serve.stderr.contains("database.url"), "\(serve.stderr)")
        let scheme =
            flag[1].hasPrefix("mysql")
            ? "database.unsupportedScheme"
            : flag[1].contains("hunter2")
                ? "database.passwordInURL"
                : "database.invalidURL"
        #expect(serve.stderr.contains("lunas serve: \(scheme)"), "\(serve.stderr)")
        #expect(!serve.stderr.contains("hunter2"), "the password was echoed: \(serve.stderr)")
        if flag[1].hasPrefix("mysql") { #expect(serve.stderr.contains("\"mysql\""), "\(serve.stderr)") }
        if scheme == "database.passwordInURL" {
            #expect(serve.stderr.contains("DATABASE_PASSWORD_FILE"), "\(serve.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: data.path), "a refused start created the data directory")

        // The same refusal, the same exit, for every command that opens the ledger, from any layer.
        let verify = try await Self.lunas(["ledger", "verify", "--data-dir", data.path] + flag)
        #expect(verify.status == 78, "\(verify.stderr)")
        #expect(verify.stderr.contains("lunas ledger verify: \(scheme)"), "\(verify.stderr)")
        let list = try await Self.lunas(
            ["device", "list", "--data-dir", data.path], environment: ["DATABASE_URL": flag[1]])
        #expect(list.status == 78, "\(list.stderr)")
        #expect(list.stderr.contains("database.url"), "\(list.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    @Test("a value without a scheme is a bad setting: exit 2 naming database.url and its layer")
    func malformedValue() async throws {
        let result = try await Self.lunas(
            ["device", "list"], environment: ["DATABASE_URL": "/var/lib/lunas/lunas.sqlite"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("invalid setting database.url from the environment DATABASE_URL="),
            "\(result.stderr)")
    }

    @Test("the default sqlite: lands in data.dir; sqlite:relative/path is relative to the working directory")
    func defaultAndRelative() async throws {
        let root = try Self.temporaryDirectory()
        let data = root.appendingPathComponent("data")
        let byDefault = try await Self.lunas([
            "device", "enroll", "--name", "Kiosk", "--role", "kiosk", "--data-dir", data.path,
        ])
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("lunas.sqlite").path))
        let spelled = try await Self.lunas(["device", "list", "--data-dir", data.path, "--database-url", "sqlite:"])
        #expect(spelled.status == 0 && spelled.stdout.contains("Kiosk"), "\(spelled.stderr)")

        let relative = try await Self.lunas(
            [
                "device", "enroll", "--name", "Kiosk 2", "--role", "kiosk", "--database-url",
                "sqlite:books/ledger.sqlite",
            ],
            in: root)
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("books/ledger.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("data/books").path))
    }

    @Test("buildApplication serves the store it is handed, wherever that store's file is")
    func injectedStore() async throws {
        let root = try Self.temporaryDirectory()
        let store = try await SQLiteLedgerStore.open(path: root.appendingPathComponent("handed.sqlite").path)
        let token = Device.generateToken()
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID("att-1"), name: "Attendant", role: .attendant, zone: "ayp-01",
                credentialHash: Device.credentialHash(forToken: token), enrolledAt: APIFixture.start,
                idempotencyKey: "enrol-att-1"))
        let data = root.appendingPathComponent("data")
        var settings = ServerSettings(
            host: "127.0.0.1", port: 0, dataDirectory: data.path, configDirectory: APIFixture.configDirectory)
        settings.demo = true
        settings.metricsPort = 0
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .warning
        let before = try await store.events(after: 0, limit: 100).count
        let app = try await buildApplication(
            settings: settings, store: store, logger: logger, now: { APIFixture.start })
        try await app.test(.live) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("Idempotency-Key")!] = "handed-1"
            let response = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"plate":"DE 1 AB","vehicleClass":"motorcycle"}"#))
            #expect(response.status == .created, "\(String(buffer: response.body))")
        }
        // The ticket was written to the handed store, and the server opened no ledger of its own.
        #expect(try await store.events(after: 0, limit: 100).count > before)
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("lunas.sqlite").path))
    }

    @Test("database.url resolves like every setting: command line > DATABASE_URL > the configuration file > sqlite:")
    func precedence() async throws {
        let file = try ServerSettingsTests.configFile(#""database": {"url": "sqlite:/srv/file.sqlite"}"#)
        #expect(
            try await ServerSettingsTests.resolve(file: try ServerSettingsTests.configFile("")).databaseURL == "sqlite:"
        )
        #expect(try await ServerSettingsTests.resolve(file: file).databaseURL == "sqlite:/srv/file.sqlite")
        let environment = ["DATABASE_URL": "sqlite:/srv/env.sqlite"]
        #expect(
            try await ServerSettingsTests.resolve(file: file, environment: environment).databaseURL
                == "sqlite:/srv/env.sqlite")
        #expect(
            try await ServerSettingsTests.resolve(
                file: file, environment: environment, commandLine: ["database.url": "sqlite:cli.sqlite"]
            ).databaseURL == "sqlite:cli.sqlite")
        let error = await ServerSettingsTests.failure {
            try await ServerSettingsTests.resolve(file: try ServerSettingsTests.configFile(#""database": {"url": ""}"#))
        }
        #expect(error?.code == "settings.invalidValue")
        #expect(error?.field == "database.url")
    }

    @Test("the log shows database.url without its password")
    func urlForLog() {
        var settings = ServerSettings()
        settings.databaseURL = "postgres://lunas:s3cret@db.example/lunas"
        #expect(settings.databaseURLForLog == "postgres://lunas:***@db.example/lunas")
        settings.databaseURL = "sqlite:/var/lib/lunas/lunas.sqlite"
        #expect(settings.databaseURLForLog == "sqlite:/var/lib/lunas/lunas.sqlite")
        #expect(ServerSettings.databaseURLScheme("SQLite:x") == "sqlite")
        #expect(ServerSettings.databaseURLScheme("/abs/path") == nil)
        #expect(ServerSettings.databaseURLScheme("1x:y") == nil)
    }
}
