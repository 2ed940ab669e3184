import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

@testable import LedgerSQLite

/// `lunas ledger verify` on PostgreSQL (issue #18): the store-neutral verification
/// (``LedgerSQL/LedgerVerification``) in one read-only snapshot, streamed through server-side
/// cursors, the replayed state spilled to files of sorted runs. The same writes
/// (``PostgresWriteRulesTests``) on SQLite and on a real PostgreSQL 15, tampered with alike, must
/// give the same findings (generated identifiers renamed in order of appearance).
@Suite(
    "verify on PostgreSQL", .serialized,
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresLedgerVerifyTests {
    typealias Rules = PostgresWriteRulesTests
    static let logger = Logger(label: "lunas-test")

    /// One way to tamper with a ledger, in each engine's SQL (its own way around the append-only
    /// triggers and the foreign keys, as someone with the database's owner role would go).
    struct Tampering: Sendable, CustomTestStringConvertible {
        let name: String
        let sqlite: String
        let postgres: String
        let finds: String
        var testDescription: String { name }
    }

    static let tamperings: [Tampering] = [
        Tampering(
            name: "an invoice's amount", sqlite: "UPDATE invoices SET amount = amount + 1 WHERE bill_number = 'LUN4';",
            postgres: "UPDATE invoices SET amount = amount + 1 WHERE bill_number = 'LUN4';", finds: "amount"),
        Tampering(
            name: "an event row deleted",
            sqlite: "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5;",
            postgres: "ALTER TABLE events DISABLE TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5;",
            finds: "missing"),
        Tampering(
            name: "an event's payload",
            sqlite: """
                DROP TRIGGER events_no_update;
                UPDATE events SET payload = replace(payload, '"LUN1"', '"LUN9"') WHERE kind = 'invoice.issued';
                """,
            postgres: """
                ALTER TABLE events DISABLE TRIGGER events_no_update;
                UPDATE events SET payload = replace(payload, '"LUN1"', '"LUN9"') WHERE kind = 'invoice.issued';
                """,
            finds: "hash mismatch"),
        Tampering(
            name: "a zone of no device",
            sqlite:
                "PRAGMA foreign_keys = OFF; INSERT INTO device_zones (device_id, zone) VALUES ('GHOST-1', 'AMB-Z');",
            postgres: """
                DO $$ DECLARE c text; BEGIN
                    FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'device_zones'::regclass AND contype = 'f'
                    LOOP EXECUTE format('ALTER TABLE device_zones DROP CONSTRAINT %I', c); END LOOP;
                END $$;
                INSERT INTO device_zones (device_id, zone) VALUES ('GHOST-1', 'AMB-Z');
                """,
            finds: "a zone of no enrolled device"),
    ]

    /// The writes of ``PostgresWriteRulesTests`` on a SQLite store in `directory`; its file's path.
    static func sqliteLedger(in directory: URL) async throws -> String {
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let sqlite = try await SQLiteLedgerStore.open(path: path)
        let issued = try await sqlite.write { db, state in try Rules.enrolAndIssue(db, &state) }
        try await sqlite.write { db, state in try Rules.payAndClose(issued, db, &state) }
        _ = try await sqlite.write { db, state in try Rules.shiftAndFinance(db, &state) }
        return path
    }

    /// The same writes on PostgreSQL (migrated), one transaction per batch as the writer runs them.
    static func postgresLedger(_ server: DatabaseLocation.PostgresServer, _ password: String?) async throws {
        try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
            _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
        }
        _ = try await onSession(server, password) { session in try Rules.writeAll(session) }
    }

    /// Runs `body` on a session of its own, on a thread of its own (the session blocks).
    static func onSession<T: Sendable>(
        _ server: DatabaseLocation.PostgresServer, _ password: String?,
        _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        try await SQLSessionContractTests.onOwnThread {
            let session = try PostgresSession.open(server, password: password, logger: logger)
            defer { session.close() }
            return try body(session)
        }
    }

    /// A report as text: its findings with generated identifiers renamed, sorted (a table's rows
    /// come in key order, and the keys are identifiers drawn at random on each side), then its event
    /// count and head position (not its hash: the payloads hold those identifiers).
    static func text(_ report: LedgerVerificationReport) -> [String] {
        Rules.renamed(report.problems.map(\.message)).sorted()
            + ["events \(report.eventCount) head #\(report.head.sequence)"]
    }

    @Test("a ledger written on PostgreSQL verifies clean, through the spill and in memory alike, as on SQLite")
    func cleanLedger() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try await SQLiteLedgerStore.open(path: try await Self.sqliteLedger(in: directory)).verify()
        #expect(expected.isIntact, "\(expected.problems.prefix(3))")
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await Self.postgresLedger(server, password)
            let (spilled, memory, left) = try await Self.onSession(server, password) { session in
                let spilled = try PostgresLedgerVerify.run(session, generation: 1, spillIn: directory.path)
                let memory = try PostgresLedgerVerify.run(session, generation: .max, spillIn: directory.path)
                let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
                    $0.hasPrefix(".verify-")
                }
                return (spilled, memory, left)
            }
            #expect(spilled.isIntact, "\(spilled.problems.prefix(3))")
            #expect(spilled.eventCount == expected.eventCount && spilled.eventCount > 20)
            #expect(spilled.problems == memory.problems && spilled.head == memory.head)
            #expect(spilled.eventCount == memory.eventCount && spilled.settlementFiles == memory.settlementFiles)
            #expect(left.isEmpty, "the spill's folder is removed: \(left)")
        }
    }

    @Test("tampering is reported with the same findings on SQLite and PostgreSQL", arguments: tamperings)
    func sameFindings(_ tampering: Tampering) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try await Self.sqliteLedger(in: directory)
        let shell = try await ChildProcess.run(
            TestExecutable.onPath("sqlite3"), ["-bail", "-cmd", ".timeout 5000", path],
            stdin: Data(tampering.sqlite.utf8))
        #expect(shell.status == 0, "the sqlite3 shell refused the tampering: \(shell.stderrText)")
        let expected = try await SQLiteLedgerStore.open(path: path).verify(generation: 2)
        #expect(expected.problems.contains { $0.message.contains(tampering.finds) }, "\(expected.problems)")
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await Self.postgresLedger(server, password)
            try await PostgresTestServer.psql(tampering.postgres, database: server.database)
            let (spilled, memory) = try await Self.onSession(server, password) { session in
                (try PostgresLedgerVerify.run(session, generation: 2), try PostgresLedgerVerify.run(session))
            }
            #expect(Self.text(spilled) == Self.text(expected))
            #expect(Self.text(memory) == Self.text(expected))
        }
    }

    @Test("the scans stream: no answer holds more rows than one fetch, whatever the ledger's size")
    func boundedAnswers() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let (report, largest) = try await Self.onSession(server, password) { session in
                try session.transaction { session in
                    var state = try WriteState.start(session)
                    _ = try Rules.enrolAndIssue(session, &state)
                    for index in 0..<3_000 {
                        let draft = InvoiceDraft(
                            terms: try Rules.terms(
                                "AMB-1", "BIG\(index)", amount: 2_000,
                                at: Rules.morning.addingTimeInterval(Double(index))),
                            purpose: .fee(code: "RET-PASAR"), idempotencyKey: "big-\(index)")
                        _ = try LedgerWrites.issueInvoice(
                            draft, requestHash: IdempotencyFingerprint.kept(draft), session, &state)
                    }
                    try state.finish(session)
                }
                session.fetchSize = 600
                let report = try PostgresLedgerVerify.run(session, generation: 64)
                return (report, session.largestAnswer)
            }
            #expect(report.isIntact, "\(report.problems.prefix(3))")
            #expect(report.eventCount > 3_000)
            // The writes above read single rows; the spill reads 512 entries at a time.
            #expect(largest <= 600, "the largest answer held \(largest) rows")
        }
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-pgverify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
