import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import LedgerSQLite
import Logging
import LunasTestSupport
import Testing

/// One chain, many writers (issue #18): the PostgreSQL chain's events are the SQLite store's byte
/// for byte, and two nodes appending at once produce one gapless chain without a fork.
@Suite(
    "PostgresEventChain on a real PostgreSQL", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresEventChainTests {
    static let logger: Logger = {
        var logger = Logger(label: "lunas-test")
        logger.logLevel = .error
        return logger
    }()
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    /// A device enrolment fact: it replays on its own, in any order, as long as its id and key are new.
    static func enrolment(_ name: String, at: Date) -> PostgresEventChain.Entry {
        let device = Device(
            id: Device.ID("dev-\(name)"), name: "Kiosk \(name)", role: .kiosk, zones: ["ayp-01"],
            credentialHash: Device.credentialHash(forToken: "token-\(name)"),
            enrolledAt: Date(ledgerMilliseconds: at.ledgerMilliseconds))
        let key = LedgerFact.Idempotency(key: "enrol-\(name)", requestHash: String(repeating: "0", count: 64))
        return PostgresEventChain.Entry(.deviceEnrolled(device, key), at: at)
    }

    @Test("the chain's events are the SQLite store's, byte for byte: same sequence, payload, previous hash and hash")
    func sameEventsAsSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-pgchain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("ledger.sqlite").path)
        for index in 1...5 {
            _ = try await sqlite.enrolDevice(
                DeviceDraft(
                    id: Device.ID("att-\(index)"), name: "Jukir \(index)", role: .attendant, zone: "ayp-01",
                    credentialHash: Device.credentialHash(forToken: "token-\(index)"),
                    enrolledAt: Self.start.addingTimeInterval(Double(index) + 0.123), idempotencyKey: "enrol-\(index)"))
        }
        let expected = try await sqlite.events(after: 0, limit: 100)
        #expect(expected.count == 5)

        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                _ = try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                let chain = PostgresEventChain(database: database)
                // Two appends: the second attaches to the head the first left.
                let entries = try expected.map { PostgresEventChain.Entry(try $0.fact(), at: $0.at) }
                let first = try await chain.append(Array(entries.prefix(2)))
                let rest = try await chain.append(Array(entries.dropFirst(2)))
                #expect(first + rest == expected)
                #expect(try await chain.head() == ChainHead(sequence: 5, hash: try #require(expected.last).hash))
                let stored = try await chain.storedEvents(after: 0, limit: 100)
                #expect(stored.map(\.hash) == expected.map(\.hash))
                #expect(stored.map(\.payload) == expected.map(\.payload))
            }
        }
    }

    @Test("two nodes (two pools) appending from 16 tasks: one gapless chain, no fork, every acknowledged event once")
    func twoNodesOneChain() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let tasksPerNode = 8
            let appendsPerTask = 20
            // Each node is its own pool and its own chain, as two `lunas serve` processes would be.
            let (acknowledged, transactions) = try await withThrowingTaskGroup(of: ([LedgerEvent], Int).self) { nodes in
                for node in 0..<2 {
                    nodes.addTask {
                        try await PostgresLedgerDatabase.withDatabase(
                            server, password: password, logger: Self.logger, maximumConnections: 4
                        ) { database in
                            let chain = PostgresEventChain(database: database, maximumBatch: 64)
                            let events = try await withThrowingTaskGroup(of: [LedgerEvent].self) { tasks in
                                for task in 0..<tasksPerNode {
                                    tasks.addTask {
                                        var mine: [LedgerEvent] = []
                                        for index in 0..<appendsPerTask {
                                            // One to three events per append, kept together in one transaction.
                                            let count = 1 + (node + task + index) % 3
                                            let entries = (0..<count).map { part in
                                                Self.enrolment(
                                                    "\(node)-\(task)-\(index)-\(part)",
                                                    at: Self.start.addingTimeInterval(Double(index)))
                                            }
                                            let appended = try await chain.append(entries)
                                            #expect(appended.count == count)
                                            // A caller's events are consecutive: nothing was interleaved.
                                            #expect(
                                                appended.map(\.sequence)
                                                    == Array(
                                                        (appended[0].sequence)..<(appended[0].sequence + Int64(count))))
                                            mine += appended
                                        }
                                        return mine
                                    }
                                }
                                return try await tasks.reduce(into: []) { $0 += $1 }
                            }
                            return (events, await chain.transactionCount)
                        }
                    }
                }
                return try await nodes.reduce(into: ([LedgerEvent](), 0)) {
                    $0.0 += $1.0; $0.1 += $1.1
                }
            }
            let appends = 2 * tasksPerNode * appendsPerTask
            print(
                "PostgresEventChain: \(acknowledged.count) events from \(appends) appends in \(transactions) transactions"
            )

            // Gapless, no sequence number twice.
            let sequences = acknowledged.map(\.sequence).sorted()
            #expect(sequences == Array(1...Int64(acknowledged.count)))

            // Read back on a third pool and checked by the Ledger module's verifier: the chain, and the
            // rows the acknowledged events imply, against what the stored events replay to.
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                let chain = PostgresEventChain(database: database)
                var verifier = LedgerVerifier()
                var stored: [StoredEvent] = []
                while true {
                    let page = try await chain.storedEvents(after: stored.last?.sequence ?? 0, limit: 500)
                    if page.isEmpty { break }
                    stored += page
                }
                for event in stored { verifier.check(event) }
                var rows = LedgerRows()
                for event in acknowledged {
                    guard case .deviceEnrolled(let device, let key, _) = try event.fact() else {
                        Issue.record("unexpected fact in event #\(event.sequence)")
                        continue
                    }
                    rows.devices.append(device)
                    rows.idempotency.append(
                        IdempotencyRecord(
                            key: key.key, operation: .enrolDevice, entityID: device.id.rawValue,
                            requestHash: key.requestHash))
                }
                let report = verifier.finish(rows: rows, recordedHead: try await chain.head())
                #expect(report.isIntact, "\(report.problems.prefix(10))")
                #expect(report.eventCount == acknowledged.count)
                // Every acknowledged event is stored exactly as acknowledged.
                let bySequence = Dictionary(uniqueKeysWithValues: stored.map { ($0.sequence, $0.hash) })
                #expect(acknowledged.allSatisfy { bySequence[$0.sequence] == $0.hash })
            }
        }
    }

    @Test("a head that disagrees with the last event is never appended to")
    func disagreeingHeadRefused() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                _ = try await PostgresLedgerSchema.migrate(database, appliedBy: "test")
                let chain = PostgresEventChain(database: database)
                _ = try await chain.append([Self.enrolment("a", at: Self.start), Self.enrolment("b", at: Self.start)])
                try await PostgresTestServer.psql("UPDATE chain_head SET seq = 1", database: server.database)
                let error = await #expect(throws: LedgerError.self) {
                    try await chain.append([Self.enrolment("c", at: Self.start)])
                }
                #expect(error?.code == .storageFailure)
                #expect(error?.message.contains("chain_head (#1) disagrees with its last event (#2)") == true)
                #expect(try await chain.storedEvents(after: 0, limit: 10).count == 2)
            }
        }
    }

    struct Interrupted: Error {}

    @Test(
        "a body that throws, alone or from concurrent failing appends, closes its pool and rethrows",
        .timeLimit(.minutes(5)))
    func throwingBodyClosesThePool() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            await #expect(throws: Interrupted.self) {
                try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                    _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
                    throw Interrupted()
                }
            }
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) { database in
                _ = try await PostgresEventChain(database: database).append([Self.enrolment("a", at: Self.start)])
            }
            try await PostgresTestServer.psql("UPDATE chain_head SET seq = 5", database: server.database)
            await #expect(throws: LedgerError.self) {
                try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                    database in
                    let chain = PostgresEventChain(database: database)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for task in 0..<8 {
                            group.addTask { _ = try await chain.append([Self.enrolment("x\(task)", at: Self.start)]) }
                        }
                        try await group.waitForAll()
                    }
                }
            }
            // One node fails while the other appends: the other is cancelled, finishes with its pool
            // still running, and nothing hangs.
            await #expect(throws: Interrupted.self) {
                try await withThrowingTaskGroup(of: Void.self) { nodes in
                    nodes.addTask {
                        try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                            database in
                            let chain = PostgresEventChain(database: database)
                            // A node appends until it is cancelled (as a server's request tasks are).
                            for index in 0..<50 where !Task.isCancelled {
                                _ = try? await chain.append([Self.enrolment("y\(index)", at: Self.start)])
                            }
                        }
                    }
                    nodes.addTask { throw Interrupted() }
                    try await nodes.waitForAll()
                }
            }
        }
    }
}
