import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

/// Two nodes writing to one PostgreSQL ledger (issue #18): the same `LedgerWrites` functions as the
/// SQLite store, serialised on the chain's lock, give one gapless chain and gapless device sequence
/// numbers, however the two nodes' writes interleave.
@Suite(
    "PostgresLedgerWriter: two nodes, one chain",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresLedgerWriterTests {
    static let morning = Date(timeIntervalSince1970: 1_795_392_000)

    @Test("two nodes issuing for one device from 12 tasks: numbers 1…N once each, one gapless chain that verifies")
    func twoNodesOneDevice() async throws {
        let logger = Logger(label: "lunas-test")
        let perTask = 10
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let nodes = (0..<2).map {
                PostgresLedgerWriter(server, password: password, logger: logger, label: "node\($0)")
            }
            _ = try await nodes[0].write { session, state in
                try LedgerWrites.enrolDevice(
                    DeviceDraft(
                        id: Device.ID("AMB-1"), name: "Juru parkir", role: .attendant, zone: "AMB-A",
                        credentialHash: Device.credentialHash(forToken: "token-AMB-1"), enrolledAt: Self.morning,
                        idempotencyKey: "enrol-AMB-1"),
                    session, &state)
            }
            // A write that fails ends the group; the nodes' connections are closed either way.
            let issued: [Int64]
            do {
                issued = try await Self.issue(on: nodes, tasks: 12, perTask: perTask)
            } catch {
                for node in nodes { await node.close() }
                throw error
            }
            for node in nodes { await node.close() }
            #expect(issued.sorted() == Array(1...Int64(12 * perTask)), "every number once, none missing")

            let session = try PostgresSession.open(server, password: password, logger: logger)
            defer { session.close() }
            let stored = try session.rows(
                "SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events ORDER BY seq",
                [] as [SQLValue])
            #expect(stored.count == 1 + 12 * perTask)
            var verifier = LedgerVerifier()
            for row in stored { verifier.check(try LedgerRowCodec.storedEvent(row)) }
            let report = verifier.report()
            #expect(report.problems.isEmpty && report.eventCount == stored.count, "\(report.problems.prefix(3))")
            #expect(try session.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-1'") == Int64(12 * perTask))
            #expect(try session.int64("SELECT seq FROM chain_head") == Int64(stored.count))
            #expect(try session.int64("SELECT SUM(n) FROM invoice_totals") == Int64(12 * perTask))
        }
    }

    /// `tasks` tasks, spread over `nodes`, each issuing `perTask` invoices for AMB-1: their numbers.
    static func issue(on nodes: [PostgresLedgerWriter], tasks: Int, perTask: Int) async throws -> [Int64] {
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            for task in 0..<tasks {
                let node = nodes[task % nodes.count]
                group.addTask {
                    var numbers: [Int64] = []
                    for index in 0..<perTask {
                        let bill = "N\(task)X\(index)"
                        let draft = InvoiceDraft(
                            terms: InvoiceTerms(
                                billNumber: try BillNumber(bill), amount: Rupiah(2_000),
                                qrisPayload: "000201010212PAYLOAD\(bill)6304ABCD", receiptCode: "RCPT-\(bill)",
                                issuedAt: Self.morning, expiresAt: Self.morning.addingTimeInterval(900),
                                deviceID: Device.ID("AMB-1")),
                            purpose: .fee(code: "RET-PASAR"), idempotencyKey: "issue-\(bill)")
                        let hash = IdempotencyFingerprint.kept(draft)
                        numbers.append(
                            try await node.write { session, state in
                                try LedgerWrites.issueInvoice(draft, requestHash: hash, session, &state).invoice
                                    .sequence
                            })
                    }
                    return numbers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }
}
