import API
import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import LedgerSQLite
import Logging
import LunasTestSupport
import Testing

/// `lunas ledger copy --from sqlite:… --to postgres://…` (issue #18): the events only, resumable,
/// the same chain head on both sides, a target that is not empty refused.
@Suite(
    "lunas ledger copy into a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresLedgerCopyTests {
    static let logger: Logger = {
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .error
        return logger
    }()

    /// A SQLite ledger in a new data directory with `devices` enrolments.
    static func sqliteLedger(devices: Int) async throws -> (directory: URL, store: SQLiteLedgerStore) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-pgcopy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("lunas.sqlite").path)
        for index in 0..<devices {
            _ = try await store.enrolDevice(
                DeviceDraft(
                    id: Device.ID("att-\(index)"), name: "Jukir \(index)", role: .attendant, zone: "ayp-01",
                    credentialHash: Device.credentialHash(forToken: "copy-token-\(index)"),
                    enrolledAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index)),
                    idempotencyKey: "enrol-\(index)"))
        }
        return (directory, store)
    }

    @Test("interrupted after 10 events, the command resumes: 20 more copied, the heads equal; a third run copies none")
    func resumes() async throws {
        let (directory, store) = try await Self.sqliteLedger(devices: 30)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourceHead = try await store.verify().head
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                _ = try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                let partial = try await PostgresLedgerCopy.copy(from: store, to: database, pageSize: 4, limit: 10)
                #expect(partial.copied == 10 && partial.alreadyPresent == 0 && partial.head.sequence == 10)
            }
            let environment = [
                DatabaseLocation.passwordFileVariable: DatabaseMigrateCommandTests.passwordFile
            ]
            // Until the copy has verified, no command opens the ledger (it has events without rows).
            let early = try await DatabaseMigrateCommandTests.lunas(
                [
                    "device", "enroll", "--name", "X", "--role", "kiosk", "--database", server.url,
                    "--config", TwoNodeServeTests.config,
                ], environment: environment)
            #expect(!early.succeeded && early.stderrText.contains("copy.unfinished"), "\(early)")
            // The data directory's own state goes too: here its receipt signing key.
            _ = try ReceiptKeyFile.loadOrCreate(dataDirectory: directory)
            let arguments = ["ledger", "copy", "--from", "sqlite:" + directory.path, "--to", server.url]
            let resumed = try await DatabaseMigrateCommandTests.lunas(arguments, environment: environment)
            #expect(resumed.succeeded, "\(resumed)")
            let hex = sourceHead.hash.map { String(format: "%02x", $0) }.joined()
            #expect(resumed.stdoutText.contains("copied 20 events (10 were already there)"), "\(resumed.stdoutText)")
            #expect(resumed.stdoutText.contains("chain head on both sides: #30 \(hex)"), "\(resumed.stdoutText)")
            #expect(
                resumed.stdoutText.contains("verified on PostgreSQL: ledger intact, 30 events"), "\(resumed.stdoutText)"
            )
            #expect(resumed.stdoutText.contains("copied 90 rows of"), "\(resumed.stdoutText)")
            #expect(
                resumed.stdoutText.contains(
                    "copied 0 settlement files (0 were already there), 1 receipt keys (0), 0 X-EXTERNAL-IDs (0)"),
                "\(resumed.stdoutText)")
            let again = try await DatabaseMigrateCommandTests.lunas(arguments, environment: environment)
            #expect(again.succeeded, "\(again)")
            #expect(again.stdoutText.contains("copied 0 events (30 were already there)"), "\(again.stdoutText)")
            #expect(again.stdoutText.contains("0 receipt keys (1)"), "\(again.stdoutText)")
            #expect(again.stdoutText.contains("rows: already copied by an earlier run"), "\(again.stdoutText)")
            // The target's chain is the source's, event for event.
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                let stored = try await PostgresEventChain(database: database).storedEvents(after: 0, limit: 100)
                #expect(stored.map(\.hash) == (try await store.events(after: 0, limit: 100)).map(\.hash))
            }
            // The copy serves: the same devices, found by their tokens, and a write continues the chain.
            let copy = try await PostgresLedgerStore.open(server, password: password, logger: Self.logger)
            #expect(try await copy.devices() == (try await store.devices()))
            #expect(
                try await copy.device(credentialHash: Device.credentialHash(forToken: "copy-token-7"))?.id
                    == Device.ID("att-7"))
            _ = try await copy.revokeDevice(Device.ID("att-3"), reason: "handset lost", at: Date())
            #expect(try await copy.device(id: Device.ID("att-3"))?.isRevoked == true)
            #expect(try await copy.events(after: 30, limit: 5).map(\.sequence) == [31])
            await copy.close()
        }
    }

    @Test("a target holding another ledger's events, or rows, or no schema, is refused and left as it was")
    func refusals() async throws {
        let (directory, store) = try await Self.sqliteLedger(devices: 3)
        let (otherDirectory, other) = try await Self.sqliteLedger(devices: 0)
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: otherDirectory)
        }
        // Another ledger: the same kind of events, but other devices.
        _ = try await other.enrolDevice(
            DeviceDraft(
                id: Device.ID("kiosk-9"), name: "Kiosk", role: .kiosk, zone: "ayp-01",
                credentialHash: Device.credentialHash(forToken: "other"),
                enrolledAt: Date(timeIntervalSince1970: 1_780_000_000),
                idempotencyKey: "enrol-other"))
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                let unmigrated = await #expect(throws: LedgerError.self) {
                    try await PostgresLedgerCopy.copy(from: store, to: database)
                }
                #expect(unmigrated?.code == .schemaTooOld)
                _ = try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                _ = try await PostgresLedgerCopy.copy(from: other, to: database)
                let foreign = await #expect(throws: LedgerError.self) {
                    try await PostgresLedgerCopy.copy(from: store, to: database)
                }
                #expect(foreign?.code == .copyTargetNotEmpty)
                #expect(foreign?.message.contains("not the source's") == true, "\(foreign?.message ?? "")")
                #expect(try await PostgresEventChain(database: database).head().sequence == 1)
            }
            try await PostgresTestServer.psql(
                "INSERT INTO staff_members (id, email, name, role, created_ms) VALUES ('stf-1', 'a@b.id', 'A', 'admin', 0)",
                database: server.database)
            let withRows = try await DatabaseMigrateCommandTests.lunas(
                ["ledger", "copy", "--from", "sqlite:" + directory.path, "--to", server.url],
                environment: [DatabaseLocation.passwordFileVariable: DatabaseMigrateCommandTests.passwordFile])
            #expect(withRows.status == 1, "\(withRows)")
            #expect(withRows.stderrText.contains("copy.targetNotEmpty"), "\(withRows.stderrText)")
        }
    }
}
