import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `/metrics` on its own listener (issue 12, item 4): the public port answers 404, the day's
/// figures come from the event log incrementally.
@Suite("Prometheus metrics on the separate metrics listener (real HTTP)")
struct MetricsListenerTests {
    /// Runs the live server and passes the public client and the metrics listener's port.
    static func live(
        _ fixture: APIFixture, nodes: NodeCoordination = NodeCoordination(),
        _ test: @Sendable (any TestClientProtocol, Int) async throws -> Void
    ) async throws {
        var logger = Logger(label: "lunas-metrics-test")
        logger.logLevel = .warning
        let clock = fixture.clock
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try await buildApplication(
            settings: fixture.settings, store: fixture.store, logger: logger, now: { clock.now }, nodes: nodes,
            onMetricsListening: { continuation.yield($0) })
        try await app.test(.live) { client in
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await test(client, port)
        }
    }

    static func scrape(_ port: Int) async throws -> String {
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return String(decoding: body, as: UTF8.self)
    }

    @Test("the public port answers 404 for /metrics; the metrics port counts requests, invoices and the day's payments")
    func separateListener() async throws {
        let fixture = try await APIFixture.make()
        try await Self.live(fixture) { client, port in
            #expect(port != fixture.settings.port)
            let hidden = try await client.execute(uri: "/metrics", method: .get)
            #expect(hidden.status == .notFound)

            let issued = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "m1"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-3"}"#))
            #expect(issued.status == .created)
            _ = try await client.execute(uri: "/api/v1/invoices", method: .post, headers: fixture.headers(nil))
            var text = try await Self.scrape(port)
            #expect(text.contains(#"lunas_invoices_issued_total{kind="fee"} 1"#))
            #expect(text.contains(#"lunas_http_requests_total{method="POST",route="/api/v1/invoices",status="201"} 1"#))
            #expect(text.contains(#"lunas_http_requests_total{method="POST",route="/api/v1/invoices",status="401"} 1"#))
            #expect(text.contains("lunas_http_request_duration_seconds_bucket"))
            #expect(text.contains("lunas_invoices_issued_today 1"))
            #expect(text.contains("lunas_payments_amount_today 0"))

            // Written by another writer (the store directly, as a second process would): the next
            // scrape folds the new events in.
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let billNumber = try BillNumber(try #require(invoice["billNumber"] as? String))
            let amount = Rupiah(Int64(try #require(invoice["amount"] as? Int)))
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: billNumber, rrn: "123456789012", issuer: "OVO", amount: amount,
                    paidAt: fixture.clock.now, recordedAt: fixture.clock.now, source: .acquirerNotification))
            _ = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "m2"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-4"}"#))
            text = try await Self.scrape(port)
            #expect(text.contains("lunas_invoices_issued_today 2"))
            #expect(text.contains(#"lunas_payments_today{effect="paid"} 1"#))
            #expect(text.contains("lunas_payments_amount_today \(amount.value)"))

            // The same figures as the daily report computes from the day's rows.
            let zone = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city
                .timeZone.timeZone
            let day = DailyTotals.day(containing: fixture.clock.now, in: zone)
            let totals = try await fixture.store.dailyTotals(from: day.from, to: day.to)
            #expect(totals.issued.count == 2)
            #expect(totals.paid.count == 1)
            #expect(totals.paid.amount == amount)

            // A new city day starts from zero.
            fixture.clock.advance(by: 86_400)
            text = try await Self.scrape(port)
            #expect(text.contains("lunas_invoices_issued_today 0"))
            #expect(text.contains(#"lunas_payments_today{effect="paid"} 0"#))
        }
    }
}
