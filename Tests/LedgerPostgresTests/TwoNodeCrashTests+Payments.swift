import Foundation
import FoundationNetworking
import LunasTestSupport
import Synchronization
import Testing

extension TwoNodeCrashTests {
    /// After the run: every payment the bank accepted was notified and acknowledged (its one delivery
    /// `delivered`), `lunas ledger payments` lists exactly one payment for its bill (effect `paid`,
    /// the notify's RRN verified by the simulator's key) and none for a bill the bank did not pay,
    /// no payment exception was recorded, and every paid invoice is `paid` in the ledger.
    static func expectPaidOnce(_ bank: TwoNodeBank, url: String, database: String, folder: URL) async throws {
        #expect(bank.failedPays.load(ordering: .relaxed) == 0, "payments the simulators refused")
        let payments = bank.paid.withLock { $0 }
        #expect(payments.count > 20, "the load paid only \(payments.count) tickets")
        let (states, attempts) = try await bank.settled()
        let unacknowledged = payments.filter { states[$0.referenceNo] != ["delivered"] }
        #expect(
            unacknowledged.isEmpty,
            "notifies not acknowledged: \(unacknowledged.prefix(5).map { "\($0.billNumber) \(states[$0.referenceNo] ?? [])" })"
        )

        // Which node answers a notify is nginx's choice (least_conn); B and the restarted A must have.
        let served = try Self.notifiesServed(by: ["a", "a-restarted", "b"], in: folder)
        #expect(served[1] > 0 && served[2] > 0, "notifies recorded by A, A restarted, B: \(served)")
        print(
            "TwoNodeCrashTests: \(payments.count) payments, \(attempts) notify attempts, recorded by A, A restarted, B: \(served)"
        )

        // The ledger's payments, by the key that verified their notifies (the simulator's one key).
        let usage = try await TwoNodeServeTests.lunas(["ledger", "payments", "--json"], url: url)
        #expect(usage.succeeded, "\(usage)")
        let keys = try #require(
            (try JSONSerialization.jsonObject(with: usage.stdout) as? [String: Any])?["keys"] as? [[String: Any]])
        #expect(keys.count == 1, "\(usage.stdoutText)")
        let keyID = try #require((keys.first?["verifiedBy"] as? [String: Any])?["keyID"] as? String)
        let listed = try await TwoNodeServeTests.lunas(
            ["ledger", "payments", "--verified-by", keyID, "--json"], url: url)
        #expect(listed.succeeded, "\(listed)")
        let ledger = try #require(try JSONSerialization.jsonObject(with: listed.stdout) as? [String: Any])
        let rows = try #require(ledger["payments"] as? [[String: Any]])
        #expect((ledger["exceptions"] as? [Any])?.isEmpty == true, "payment exceptions: \(ledger["exceptions"] ?? [])")
        var byBill: [String: [String]] = [:]
        for row in rows {
            byBill[row["billNumber"] as? String ?? "", default: []].append(row["effect"] as? String ?? "")
        }
        let notOnce = payments.filter { byBill[$0.billNumber] != ["paid"] }
        #expect(
            notOnce.isEmpty,
            "not paid exactly once: \(notOnce.prefix(5).map { "\($0.billNumber) \(byBill[$0.billNumber] ?? [])" })")
        #expect(byBill.count == Set(payments.map(\.billNumber)).count, "bills paid that the bank did not pay")

        let statuses = try await PostgresTestServer.psql(
            "SELECT status, count(*) FROM invoices WHERE id IN (SELECT invoice_id FROM payments) GROUP BY status",
            database: database)
        #expect(
            statuses.trimmingCharacters(in: .whitespacesAndNewlines) == "paid|\(Set(payments.map(\.billNumber)).count)",
            "\(statuses)")
    }

    /// After the load: once nginx sends requests to the restarted node A again (it rests a node 10 s
    /// after its failures, `fail_timeout`; seen as a probe in A's request log), tickets left unpaid are
    /// paid one at a time until A has recorded a notify.
    static func payThroughRestartedNode(_ bank: TwoNodeBank, unpaid: [String], folder: URL) async throws {
        var probes = 0
        try await Condition.waitUntil("nginx sends requests to the restarted node A", within: .seconds(60)) {
            probes += 1
            let probe = try #require(URL(string: "http://127.0.0.1:\(bank.front)/healthz?probe=\(probes)"))
            _ = try? await URLSession.shared.data(from: probe)
            let log = try String(contentsOf: folder.appendingPathComponent("a-restarted.log"), encoding: .utf8)
            return log.contains("/healthz?probe=")
        }
        var spare = unpaid
        try await Condition.waitUntil("the restarted node A records a notify", within: .seconds(60)) {
            if try notifiesServed(by: ["a-restarted"], in: folder)[0] > 0 { return true }
            guard let qris = spare.popLast() else { return false }
            await bank.pay(qris)
            return false
        }
    }

    /// How many notifies each log recorded ("payment recorded" lines of `folder/LOG.log`).
    static func notifiesServed(by logs: [String], in folder: URL) throws -> [Int] {
        try logs.map { log in
            let text = try String(contentsOf: folder.appendingPathComponent("\(log).log"), encoding: .utf8)
            return text.components(separatedBy: "payment recorded").count - 1
        }
    }
}
