import Foundation
import FoundationNetworking
import Ledger
import LunasTestSupport
import Synchronization
import Testing

/// Issue #18's end-to-end case: two `lunas serve` nodes on one PostgreSQL, 32 clients issuing
/// tickets against both for 10 s while one node is killed with `kill -9` and started again (on the
/// same port, as a supervisor restarts it). A client whose node does not answer sends the same
/// request, with the same idempotency key, to the other node (as nginx's upstream does for keyed
/// POSTs). Every third acknowledged ticket is paid through the bank (``TwoNodeBank``: a real acquirer
/// simulator notifying through the shipped nginx site over both nodes, retrying what fails). Afterwards every
/// acknowledged ticket is in the ledger exactly once under its key, every device's numbers are
/// gapless, every notify was acknowledged and its invoice is paid exactly once, and
/// `lunas ledger verify` passes on the database.
@Suite(
    "Two nodes, one killed under load", .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct TwoNodeCrashTests {
    /// The nodes' current ports (a node started again listens on a new one).
    final class Ports: Sendable {
        private let ports: Mutex<[Int]>
        init(_ ports: [Int]) { self.ports = Mutex(ports) }
        func port(_ node: Int) -> Int { ports.withLock { $0[node] } }
        func set(_ node: Int, _ port: Int) { ports.withLock { $0[node] = port } }
    }

    /// What the clients were answered.
    final class Answers: Sendable {
        /// Invoice ids by idempotency key, for every acknowledged request.
        let acknowledged = Mutex<[String: String]>([:])
        /// Requests that no node acknowledged.
        let failed = Atomic<Int>(0)
        /// The QRIS payloads of acknowledged tickets left unpaid during the load.
        let unpaid = Mutex<[String]>([])
    }

    /// A POST sent to `node` and, while no node answers, to the other, with the same key: the
    /// invoice's id and QRIS payload.
    static func issue(
        key: String, token: String, first node: Int, ports: Ports
    ) async -> (id: String, qris: String)? {
        let ticket: [String: Any] = ["plate": "DE \(key.suffix(4)) AB", "vehicleClass": "motorcycle"]
        for attempt in 0..<200 {
            let port = ports.port((node + attempt) % 2)
            if let answer = try? await TwoNodeServeTests.call(
                "POST", port, "/api/v1/parking/tickets", token: token, key: key, json: ticket),
                answer.status == 201 || answer.status == 200,
                let invoice = answer.body["invoice"] as? [String: Any], let id = invoice["id"] as? String,
                let qris = invoice["qris"] as? String
            {
                return (id, qris)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test(
        "kill -9 of one of two nodes under 32 clients and notifies to both: every acknowledged ticket once, gapless numbers, every notified invoice paid once, the chain verifies"
    )
    func killOneNode() async throws {
        try await TwoNodeServeTests.withCity(devices: 8) { server, tokens, folder in
            let url = server.url
            var a = try await TwoNodeServeTests.node("a", url: url, in: folder)
            let b = try await TwoNodeServeTests.node("b", url: url, in: folder)
            let bank = try await TwoNodeBank.start(notifying: [a.port, b.port], in: folder)
            defer { bank.stop() }
            let ports = Ports([a.port, b.port])
            let answers = Answers()
            let deadline = ContinuousClock.now + .seconds(10)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<32 {
                    group.addTask {
                        var sent = 0
                        while ContinuousClock.now < deadline {
                            let key = "crash-\(client)-\(sent)"
                            sent += 1
                            if let invoice = await Self.issue(
                                key: key, token: tokens[client % tokens.count], first: client % 2,
                                ports: ports)
                            {
                                answers.acknowledged.withLock { $0[key] = invoice.id }
                                if sent % 3 == 1 {
                                    await bank.pay(invoice.qris)
                                } else {
                                    answers.unpaid.withLock { $0.append(invoice.qris) }
                                }
                            } else {
                                answers.failed.add(1, ordering: .relaxed)
                            }
                        }
                    }
                }
                // The crash: node A dies mid-load and comes back on its port (the bank's notifies to A
                // find it down meanwhile and are retried).
                try await Task.sleep(for: .seconds(3))
                a.process.send(SIGKILL)
                _ = try await a.process.finished()
                try await Task.sleep(for: .seconds(1))
                a = try await TwoNodeServeTests.node("a", url: url, in: folder, port: a.port, log: "a-restarted")
                ports.set(0, a.port)
                try await group.waitForAll()
            }
            defer {
                a.process.send(SIGKILL)
                b.process.send(SIGKILL)
            }
            let acks = answers.acknowledged.withLock { $0 }
            let database = server.database
            #expect(answers.failed.load(ordering: .relaxed) == 0, "requests no node acknowledged")
            #expect(acks.count > 100, "the load issued only \(acks.count) tickets")
            // Each acknowledged key (stored as DEVICE:KEY) names its ticket's invoice in the ledger, once.
            let keyed = try await PostgresTestServer.psql(
                """
                SELECT substr(k.key, strpos(k.key, ':') + 1) || ' ' || i.id FROM idempotency_keys k
                JOIN invoices i ON i.id = k.entity_id OR i.ticket_id = k.entity_id WHERE k.key LIKE '%:crash-%'
                """, database: database)
            var stored: [String: String] = [:]
            for line in keyed.split(separator: "\n") {
                let parts = line.split(separator: " ")
                stored[String(parts[0])] = String(parts[1])
            }
            let missing = acks.filter { stored[$0.key] == nil }
            #expect(missing.isEmpty, "acknowledged but not in the ledger: \(Array(missing.keys.prefix(5)))")
            let changed = acks.filter { stored[$0.key] != nil && stored[$0.key] != $0.value }
            #expect(
                changed.isEmpty, "answered with another invoice than the ledger keeps: \(Array(changed.keys.prefix(5)))"
            )
            let invoices = try await PostgresTestServer.psql(
                """
                SELECT count(*) FROM invoices WHERE id IN (SELECT entity_id FROM idempotency_keys WHERE key LIKE '%:crash-%')
                    OR ticket_id IN (SELECT entity_id FROM idempotency_keys WHERE key LIKE '%:crash-%')
                """,
                database: database)
            #expect(Int(invoices.trimmingCharacters(in: .whitespacesAndNewlines)) == stored.count)
            // Every device's numbers run 1…N without a gap.
            let gaps = try await PostgresTestServer.psql(
                "SELECT count(*) FROM (SELECT device_id FROM tickets GROUP BY device_id HAVING count(*) <> max(sequence) OR min(sequence) <> 1) AS gaps",
                database: database)
            #expect(gaps.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            try await Self.payThroughRestartedNode(bank, unpaid: answers.unpaid.withLock { $0 }, folder: folder)
            try await Self.expectPaidOnce(bank, url: url, database: database, folder: folder)
            let verify = try await TwoNodeServeTests.lunas(["ledger", "verify"], url: url)
            #expect(verify.succeeded, "\(verify)")
        }
    }
}
