import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Synchronization

/// **Hari ini** (`/console`, every role): the city day's invoices issued, paid, settled and
/// outstanding and its open exceptions, by zone and by hour (``Ledger/DayFigures``); and its live
/// feed `/console/live` (Server-Sent Events under the session) that the page's few lines of
/// script use to refresh the numbers. Without script the page is complete; reloading refreshes it.
struct ConsoleHomeRoutes {
    let services: APIServices

    /// The most live feeds open at once (each recounts the day every ``liveInterval``); more answer 503.
    static let maximumLiveFeeds = 8
    /// How often a live feed recounts the day.
    static let liveInterval: Duration = .seconds(5)
    /// How long one live feed lasts; the browser reconnects (and the session is checked again).
    static let liveDuration: Duration = .seconds(15 * 60)
    /// The most live feeds one session may hold.
    static let feedsPerSession = 2
    static let liveFeeds = Mutex<(total: Int, bySession: [String: Int])>((0, [:]))

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get { request, context in try await home(request, context) }
        group.get("live") { request, context in try await live(request, context) }
        group.get("console.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleScript.text)))
        }
    }

    /// The day asked for (`?date=YYYY-MM-DD`), or today in the city.
    func day(_ request: Request) throws -> CivilDate {
        guard let text = request.uri.queryParameters.get("date"), !text.isEmpty else {
            return services.configuration.city.timeZone.local(services.now()).date
        }
        guard let date = CivilDate.parse(String(text)) else {
            throw APIError.badRequest("request.invalidDate", "date must be YYYY-MM-DD, got \"\(text.prefix(20))\"", field: "date")
        }
        return date
    }

    func figures(_ date: CivilDate) async throws -> DayFigures {
        let bounds = services.days.bounds(of: date)
        return try await services.store.dayFigures(
            from: bounds.from, to: bounds.to, in: services.configuration.city.timeZone)
    }

    func home(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        let date = try day(request)
        let figures = try await figures(date)
        let total = figures.total
        let cards: [[String: Any]] = Self.cards(total).map { key, tally in
            ["key": key, "label": view.text(key), "count": "\(tally.count)", "amount": view.money(tally.amount)]
        }
        let zoneNames = Dictionary(
            services.configuration.zones.map { ($0.id.rawValue, $0.name) }, uniquingKeysWith: { first, _ in first })
        let widest = max(1, figures.byZone.map(\.figures.issued.count).max() ?? 1)
        let zones: [[String: Any]] = figures.byZone.map { zone in
            let f = zone.figures
            return [
                "name": zone.zone == "-" ? view.text("feesNotParking") : (zoneNames[zone.zone] ?? zone.zone),
                "issued": "\(f.issued.count)", "issuedAmount": view.money(f.issued.amount),
                "paid": "\(f.paid.count)", "paidAmount": view.money(f.paid.amount), "settled": "\(f.settled.count)",
                "outstanding": "\(f.outstanding.count)", "exceptions": "\(f.openExceptions.count)",
                "issuedWidth": "\(120 * f.issued.count / widest)", "paidWidth": "\(120 * f.paid.count / widest)",
            ]
        }
        let hours: [[String: Any]] = figures.byHour.map { hour in
            [
                "hour": String(format: "%02d:00", hour.hour), "issued": "\(hour.figures.issued.count)",
                "paid": "\(hour.figures.paid.count)", "outstanding": "\(hour.figures.outstanding.count)",
            ]
        }
        var dateQuery = ""
        if request.uri.queryParameters.get("date") != nil { dateQuery = "?date=\(date)" }
        return view.page(
            "home", title: view.text("home"),
            values: [
                "date": date.description, "dateLabel": "\(date) (\(services.configuration.city.timeZone.label))",
                "asOf": view.time(services.now()), "figures": cards, "zones": zones, "hours": hours,
                "hourChart": Self.hourChart(figures), "liveURL": "/console/live\(dateQuery)",
            ])
    }

    /// The figures shown as cards, in order.
    static func cards(_ total: DayFigures.Figures) -> [(String, Tally)] {
        [
            ("issued", total.issued), ("paid", total.paid), ("settled", total.settled),
            ("outstanding", total.outstanding), ("openExceptions", total.openExceptions),
            ("cancelled", total.cancelled), ("expired", total.expired),
        ]
    }

    /// 24 bars (issued behind paid), scaled to the busiest hour.
    static func hourChart(_ figures: DayFigures) -> [String: Any] {
        let width = 480
        let height = 140
        let plot = 120
        let step = width / 24
        let busiest = max(1, figures.byHour.map(\.figures.issued.count).max() ?? 1)
        let bars: [[String: Any]] = figures.byHour.map { hour in
            let issued = plot * hour.figures.issued.count / busiest
            let paid = plot * hour.figures.paid.count / busiest
            var bar: [String: Any] = [
                "x": "\(hour.hour * step + 2)", "width": "\(step - 4)", "issuedY": "\(plot - issued)",
                "issuedHeight": "\(issued)", "paidY": "\(plot - paid)", "paidHeight": "\(paid)",
            ]
            if hour.hour % 3 == 0 {
                bar["label"] = String(format: "%02d", hour.hour)
                bar["labelX"] = "\(hour.hour * step + step / 2)"
                bar["labelY"] = "\(height - 4)"
            }
            return bar
        }
        return ["width": "\(width)", "height": "\(height)", "bars": bars]
    }

    /// `GET /console/live[?date=]`: an event `figures` with the day's totals now and whenever they
    /// change, while the session lives (at most 2 feeds a session, 8 in all).
    func live(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let date = try day(request)
        // The session, by the hash its row is kept under: the feed ends when the session does.
        let keyHash = request.cookies[ConsoleRoutes.cookieName].map {
            LedgerSessionDriver.hash(ConsoleRoutes.keyPrefix + String($0.value))
        }
        guard let keyHash, let directory = services.staff else { throw ConsoleRoutes.unavailable }
        let admitted = Self.liveFeeds.withLock { open in
            guard open.total < Self.maximumLiveFeeds, open.bySession[keyHash, default: 0] < Self.feedsPerSession else {
                return false
            }
            open.total += 1
            open.bySession[keyHash, default: 0] += 1
            return true
        }
        guard admitted else {
            throw APIError(.serviceUnavailable, "console.liveBusy", "too many live feeds are open; reload the page instead")
        }
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            defer {
                Self.liveFeeds.withLock { open in
                    open.total -= 1
                    open.bySession[keyHash, default: 1] -= 1
                    if open.bySession[keyHash] == 0 { open.bySession[keyHash] = nil }
                }
            }
            var last: DayFigures.Figures?
            let deadline = ContinuousClock.now.advanced(by: Self.liveDuration)
            while ContinuousClock.now < deadline,
                try await directory.session(keyHash: keyHash, now: services.now()) != nil
            {
                let figures = try await figures(date)
                if figures.total != last {
                    last = figures.total
                    try await writer.write(ByteBuffer(string: Self.event(figures.total, view: view)))
                } else {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
                try await Task.sleep(for: Self.liveInterval)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One SSE event: `{"issued.count": "12", "issued.amount": "Rp24.000", …, "asOf": "…"}`.
    static func event(_ total: DayFigures.Figures, view: ConsoleView) -> String {
        var values: [String: String] = ["asOf": view.text("asOf") + " " + view.time(Date())]
        for (key, tally) in cards(total) {
            values["\(key).count"] = "\(tally.count)"
            values["\(key).amount"] = view.money(tally.amount)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(values)) ?? Data("{}".utf8)
        return "event: figures\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}

/// The console's only script: live counters on **Hari ini** (and nothing else is needed for the
/// pages to work).
enum ConsoleScript {
    static let text = """
        "use strict";
        (function () {
          var status = document.getElementById("live-status");
          if (!status || !window.EventSource) { return; }
          var source = new EventSource(status.getAttribute("data-live"));
          source.addEventListener("figures", function (event) {
            var values = JSON.parse(event.data);
            document.querySelectorAll("[data-figure]").forEach(function (element) {
              var value = values[element.getAttribute("data-figure")];
              if (value !== undefined) { element.textContent = value; }
            });
            if (values.asOf) { status.textContent = values.asOf; }
          });
        })();
        """
}
