import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import Prometheus

/// The server's Prometheus metrics (`GET /metrics` on the separate metrics listener,
/// `metrics.host`:`metrics.port`, never the public port; text exposition format).
///
/// Its own registry (no global `MetricsSystem` bootstrap, so several applications can live in one
/// test process): `lunas_http_requests_total{method,route,status}`,
/// `lunas_http_request_duration_seconds{route}`, `lunas_invoices_issued_total{kind}`,
/// `lunas_parking_tickets_opened_total`, `lunas_http_long_polls_waiting` (the `?wait=` requests
/// held right now by `GET /api/v1/invoices/{id}`), and at each scrape the city day's figures from the ledger:
/// `lunas_invoices_issued_today`, `lunas_payments_today{effect}`, `lunas_payments_amount_today`,
/// read from the ledger's running totals (``LedgerStore/dailyTotals(from:to:)``: a few rows per device
/// and hour, whatever the day's size; every writer is seen, other processes and nodes included).
public final class APIMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry = PrometheusCollectorRegistry()

    /// Creates an empty registry (the long-poll gauge starts at 0, so it is exported before the
    /// first long poll).
    public init() {
        _ = longPollsWaiting
    }

    /// Every metric the server exports, each named once: `lunas_<name>_<unit>` and its help text.
    /// (The Prometheus descriptor is not `Sendable`, so it is made where it is used.)
    enum Metric {
        case requests, durations, invoices, tickets, issuedToday, paymentsToday, amountToday, longPolls

        /// The metric's name, unit and help text.
        var descriptor: MetricNameDescriptor {
            let (name, unit, help) =
                switch self {
                case .requests: ("http_requests", "total", "HTTP requests by method, route and status")
                case .durations: ("http_request_duration", "seconds", "HTTP request durations by route")
                case .invoices: ("invoices_issued", "total", "Invoices issued through this process, by kind")
                case .tickets:
                    ("parking_tickets_opened", "total", "Hourly parking tickets opened through this process")
                case .issuedToday: ("invoices_issued", "today", "Invoices issued in the current city day (ledger)")
                case .paymentsToday: ("payments", "today", "Invoices paid in the current city day (ledger), by effect")
                case .amountToday: ("payments_amount", "today", "Rupiah paid in the current city day (ledger)")
                case .longPolls:
                    ("http_long_polls", "waiting", "GET /api/v1/invoices/{id}?wait= requests held right now")
                }
            return MetricNameDescriptor(namespace: "lunas", metricName: name, unitName: unit, helpText: help)
        }
    }

    /// The counter of `metric` with these label values.
    private func counter(_ metric: Metric, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: metric.descriptor, labels: labels)
    }

    /// The gauge of `metric` with these label values.
    private func gauge(_ metric: Metric, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: metric.descriptor, labels: labels)
    }

    /// The gauge of `?wait=` requests being held.
    private var longPollsWaiting: Gauge { gauge(.longPolls) }

    /// Counts a `?wait=` request as held until `body` returns or throws (a cancelled request included).
    func holdingLongPoll<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        let gauge = longPollsWaiting
        gauge.increment()
        defer { gauge.decrement() }
        return try await body()
    }

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    func request(method: String, route: String, status: Int, duration: Duration) {
        counter(.requests, [("method", method), ("route", route), ("status", "\(status)")]).increment()
        registry.makeDurationHistogram(
            descriptor: Metric.durations.descriptor, labels: [("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    func invoiceIssued(_ invoice: Invoice) {
        counter(.invoices, [("kind", invoice.kind.rawValue)]).increment()
    }

    func ticketOpened() {
        counter(.tickets).increment()
    }

    /// The exposition text, after refreshing the day's ledger figures.
    func scrape(_ services: APIServices) async throws -> [UInt8] {
        let zone = services.configuration.city.timeZone.timeZone
        let day = DailyTotals.day(containing: services.now(), in: zone)
        let totals = try await services.store.dailyTotals(from: day.from, to: day.to)
        gauge(.issuedToday).set(Double(totals.issued.count))
        gauge(.paymentsToday, [("effect", "paid")]).set(Double(totals.paid.count))
        gauge(.paymentsToday, [("effect", "paid_late")]).set(Double(totals.paidLate.count))
        let amount = try totals.paid.amount.adding(totals.paidLate.amount, what: "metrics: rupiah paid today")
        gauge(.amountToday).set(Double(amount.value))
        return registry.emitToBuffer()
    }
}

/// Counts every request and its duration by route (the route pattern, never the raw path, so ids
/// do not multiply the series).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = LunasRequestContext
    let metrics: APIMetrics

    func handle(
        _ request: Request, context: LunasRequestContext,
        next: (Request, LunasRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.request(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
            status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
