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

    @Test(
        "two nodes issuing and opening tickets for one device from 12 tasks: numbers 1…N once each, rising with one gapless chain that verifies"
    )
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
            // The chain's lock held from outside until node 0's tasks (which only issue) all wait.
            let blocker = try PostgresSession.open(server, password: password, logger: logger)
            defer { blocker.close() }
            try blocker.execute("SELECT pg_advisory_lock(?)", [PostgresEventChain.chainLockKey])
            // A write that fails ends the group; the nodes' connections are closed either way.
            let issued: [Int64]
            do {
                async let numbers = Self.issue(on: nodes, tasks: 12, perTask: perTask)
                let deadline = ContinuousClock.now + .seconds(60)
                // Node 0's six tasks' first writes: in the batch that waits for the lock or queued
                // behind it (after the enrolment's); either way some run of them is claimed ahead.
                func held() -> Int { nodes[0].statistics.writes - 1 + nodes[0].waiting }
                while held() < 6, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                #expect(held() == 6, "node 0's six first writes wait for the chain's lock")
                try blocker.execute("SELECT pg_advisory_unlock(?)", [PostgresEventChain.chainLockKey])
                issued = try await numbers
            } catch {
                for node in nodes { await node.close() }
                throw error
            }
            for node in nodes { await node.close() }
            #expect(issued.sorted() == Array(1...Int64(12 * perTask)), "every number once, none missing")
            #expect(nodes[0].claimedAhead >= 5, "node 0's waiting issues were claimed ahead")

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
            #expect(try session.int64("SELECT SUM(n) FROM invoice_totals") == Int64(9 * perTask))
            // Numbers taken ahead, for a run, and one at a time, for tickets, rise with the chain.
            let inChainOrder = try session.int64s(
                """
                SELECT COALESCE(i.sequence, t.sequence) FROM events e
                LEFT JOIN invoices i ON e.kind = 'invoice.issued' AND i.id = e.entity_id
                LEFT JOIN tickets t ON e.kind = 'ticket.opened' AND t.id = e.entity_id
                WHERE e.kind IN ('invoice.issued', 'ticket.opened') ORDER BY e.seq
                """)
            #expect(inChainOrder == Array(1...Int64(12 * perTask)))
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
                        if task % 4 == 3 {  // some tasks open hourly tickets, taking numbers one at a time
                            let ticket = TicketDraft(
                                details: ParkingDetails(
                                    plate: "DE \(1000 + task * 100 + index) AB", vehicleClass: "motor", zone: "AMB-A",
                                    entryAt: Self.morning),
                                deviceID: Device.ID("AMB-1"), idempotencyKey: "open-\(bill)")
                            numbers.append(
                                try await node.write { session, state in
                                    try LedgerWrites.openTicket(ticket, session, &state).sequence
                                })
                            continue
                        }
                        // Named to the writer, so that a batch's run of them is claimed ahead.
                        let intent = IssueIntent(
                            draft, invoiceID: .generate(), requestHash: IdempotencyFingerprint.kept(draft))
                        numbers.append(
                            try await node.write(
                                { session, state in
                                    try LedgerWrites.issueInvoice(
                                        draft, intended: intent.invoiceID, requestHash: intent.record.requestHash,
                                        session, &state
                                    ).invoice.sequence
                                }, issuing: intent))
                    }
                    return numbers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }
}
