import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@Suite("Reading, waiting for and cancelling invoices")
struct InvoiceLifecycleTests {
    func issue(_ fixture: APIFixture, _ client: any TestClientProtocol, key: String) async throws -> [String: Any] {
        let response = try await client.execute(
            uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: key),
            body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-7"}"#))
        #expect(response.status == .created)
        return try #require(try jsonObject(response)["invoice"] as? [String: Any])
    }

    @Test("get, cancel, cancel again, and 409 for a paid invoice")
    func cancel() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await issue(fixture, client, key: "c1")
            let id = try #require(invoice["id"] as? String)
            let shown = try await client.execute(
                uri: "/api/v1/invoices/\(id)", method: .get, headers: fixture.headers(.finance, json: false))
            #expect(shown.status == .ok)
            #expect((try jsonObject(shown)["invoice"] as? [String: Any])?["status"] as? String == "issued")

            let cancelled = try await client.execute(
                uri: "/api/v1/invoices/\(id)/cancel", method: .post, headers: fixture.headers(.kiosk),
                body: ByteBuffer(string: #"{"reason":"wrong stall"}"#))
            #expect(cancelled.status == .ok)
            #expect((try jsonObject(cancelled)["invoice"] as? [String: Any])?["status"] as? String == "cancelled")
            let again = try await client.execute(
                uri: "/api/v1/invoices/\(id)/cancel", method: .post, headers: fixture.headers(.kiosk, json: false))
            #expect(again.status == .ok)

            let paid = try await issue(fixture, client, key: "c2")
            let bill = try BillNumber(try #require(paid["billNumber"] as? String))
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: bill, rrn: "123456789012", issuer: "OVO", amount: Rupiah(5000),
                    paidAt: APIFixture.start, recordedAt: APIFixture.start, source: .acquirerNotification))
            let refused = try await client.execute(
                uri: "/api/v1/invoices/\(paid["id"] as! String)/cancel", method: .post,
                headers: fixture.headers(.kiosk, json: false))
            #expect(refused.status == .conflict)
            #expect(try errorObject(refused)["code"] as? String == "invoice.invalidTransition")

            let finance = try await client.execute(
                uri: "/api/v1/invoices/\(id)/cancel", method: .post, headers: fixture.headers(.finance, json: false))
            #expect(finance.status == .forbidden)
            let missing = try await client.execute(
                uri: "/api/v1/invoices/inv_nothing", method: .get, headers: fixture.headers(.kiosk, json: false))
            #expect(missing.status == .notFound)
        }
    }

    @Test("?wait= holds the request until the invoice is paid, then answers paid")
    func longPoll() async throws {
        let fixture = try await APIFixture.make()
        try await MetricsListenerTests.live(fixture) { client, metricsPort in
            let invoice = try await issue(fixture, client, key: "w1")
            let id = try #require(invoice["id"] as? String)
            let bill = try BillNumber(try #require(invoice["billNumber"] as? String))
            #expect(try await Self.longPollsWaiting(metricsPort) == 0)
            let headers = fixture.headers(.kiosk, json: false)
            async let waited = client.execute(uri: "/api/v1/invoices/\(id)?wait=30", method: .get, headers: headers)
            // Pay only once the server holds the request, as its gauge says: a server that answered
            // at once never shows 1 here, and the test fails.
            let held = try await Self.untilLongPollsWaiting(1, metricsPort)
            try #require(held, "the ?wait= request was never held (lunas_http_long_polls_waiting stayed 0)")
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: bill, rrn: "999999999999", issuer: "DANA", amount: Rupiah(5000),
                    paidAt: APIFixture.start, recordedAt: APIFixture.start, source: .acquirerNotification))
            let response = try await waited
            #expect(response.status == .ok)
            #expect((try jsonObject(response)["invoice"] as? [String: Any])?["status"] as? String == "paid")
            // The held request was released before it answered.
            #expect(try await Self.longPollsWaiting(metricsPort) == 0)

            let bad = try await client.execute(
                uri: "/api/v1/invoices/\(id)?wait=forever", method: .get, headers: fixture.headers(.kiosk, json: false))
            #expect(bad.status == .badRequest)
            #expect(try errorObject(bad)["field"] as? String == "wait")
        }
    }

    @Test("?wait= is woken by the node's change signal (what another node's commit sends), not only by its re-read")
    func longPollWokenBySignal() async throws {
        let fixture = try await APIFixture.make()
        let broadcast = LedgerChangeBroadcast()
        // A re-read interval longer than the wait: only the signal can answer `paid` before the wait ends.
        let nodes = NodeCoordination(changes: broadcast, rereadInterval: .seconds(600))
        try await MetricsListenerTests.live(fixture, nodes: nodes) { client, metricsPort in
            let invoice = try await issue(fixture, client, key: "w-signal")
            let id = try #require(invoice["id"] as? String)
            let bill = try BillNumber(try #require(invoice["billNumber"] as? String))
            let headers = fixture.headers(.kiosk, json: false)
            let asked = ContinuousClock.now
            async let waited = client.execute(uri: "/api/v1/invoices/\(id)?wait=60", method: .get, headers: headers)
            try #require(try await Self.untilLongPollsWaiting(1, metricsPort), "the ?wait= request was never held")
            // Written to the store directly, as another node would: this process announces nothing.
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: bill, rrn: "999999999998", issuer: "DANA", amount: Rupiah(5000),
                    paidAt: APIFixture.start, recordedAt: APIFixture.start, source: .acquirerNotification))
            // What node B's LISTEN connection does when node A commits.
            broadcast.ledgerMoved()
            let response = try await waited
            #expect((try jsonObject(response)["invoice"] as? [String: Any])?["status"] as? String == "paid")
            // Answered before the wait's own end (60 s), so the signal woke it.
            #expect(ContinuousClock.now - asked < .seconds(60))
        }
    }

    /// `lunas_http_long_polls_waiting` as the metrics listener exports it.
    static func longPollsWaiting(_ metricsPort: Int) async throws -> Int? {
        let text = try await MetricsListenerTests.scrape(metricsPort)
        let line = text.split(separator: "\n").first { $0.hasPrefix("lunas_http_long_polls_waiting ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) }
    }

    /// Scrapes `/metrics` until the gauge reads `count`; false when it did not within 30 s (a guard
    /// against a hang, not a measure).
    static func untilLongPollsWaiting(_ count: Int, _ metricsPort: Int) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ContinuousClock.now < deadline {
            if try await longPollsWaiting(metricsPort) == count { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("the expiry service expires a due invoice; a late payment is still accepted as paid_late")
    func expiry() async throws {
        let fixture = try await APIFixture.make(expiryInterval: .milliseconds(100))
        try await fixture.live { client in
            let invoice = try await issue(fixture, client, key: "x1")
            let id = try #require(invoice["id"] as? String)
            fixture.clock.advance(by: 3601)
            var status = "issued"
            for _ in 0..<100 where status == "issued" {  // up to 10 s: a time-out, not a timing assertion
                try await Task.sleep(for: .milliseconds(100))
                let shown = try await client.execute(
                    uri: "/api/v1/invoices/\(id)", method: .get, headers: fixture.headers(.kiosk, json: false))
                status = (try jsonObject(shown)["invoice"] as? [String: Any])?["status"] as? String ?? "?"
            }
            #expect(status == "expired")
            let late = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(invoice["billNumber"] as! String), rrn: "424242424242", issuer: "OVO",
                    amount: Rupiah(5000), paidAt: fixture.clock.now, recordedAt: fixture.clock.now,
                    source: .acquirerNotification))
            #expect(late.invoice.status == .paidLate)
        }
    }
}
