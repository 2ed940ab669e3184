import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger

/// The city's open figures, public and without a token (issue #17, "Open figures"):
/// `GET /transparansi?bulan=YYYY-MM&lang=en` (an Indonesian page, English with `lang=en`) and the
/// same figures as open data, `GET /public/transparency/{YYYY-MM}.json` and `.csv`.
///
/// A malformed month is 400 `request.invalidValue` naming the field (`month` in the path, `bulan`
/// on the page); a month after the current one is 404 `transparency.futureMonth`. Figures are
/// computed by ``TransparencyReporter`` (closed days kept, months with open days at most every 30 s).
struct TransparencyRoutes {
    let services: APIServices

    func register(on router: Router<LunasRequestContext>) {
        let reporter = TransparencyReporter(
            store: services.store, city: services.configuration.city, now: services.now)
        router.get("transparansi") { request, _ in try await page(request, reporter) }
        router.get("public/transparency/{month}.json") { _, context in
            let (figures, month) = try await Self.figures(context, reporter)
            return Self.response(
                TransparencyOpenData.json(figures, city: services.configuration.city, now: services.now()),
                mediaType: APIResponse.jsonMediaType, closed: figures.isClosed, fileName: nil, month: month)
        }
        router.get("public/transparency/{month}.csv") { _, context in
            let (figures, month) = try await Self.figures(context, reporter)
            return Self.response(
                TransparencyOpenData.csv(figures), mediaType: "text/csv; charset=utf-8; header=present",
                closed: figures.isClosed, fileName: "transparansi-\(month).csv", month: month)
        }
    }

    /// The path's month and its figures.
    /// - Throws: 400 `request.invalidValue` (`month`), 404 `transparency.futureMonth`.
    static func figures(
        _ context: LunasRequestContext, _ reporter: TransparencyReporter
    ) async throws -> (TransparencyFigures, CityMonth) {
        let text = context.parameters.get("month") ?? ""
        guard let month = CityMonth(text: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "month must be a city month YYYY-MM (e.g. 2026-11), got \"\(text.prefix(20))\"",
                field: "month")
        }
        guard let figures = try await reporter.figures(month) else {
            throw APIError(
                .notFound, "transparency.futureMonth", "month \(month) has not begun in the city's zone yet",
                field: "month")
        }
        return (figures, month)
    }

    /// Open data may be cached by the client: a month whose every day is closed for a day, one with
    /// live figures for as long as the server keeps them (30 s).
    static func response(
        _ bytes: [UInt8], mediaType: String, closed: Bool, fileName: String?, month: CityMonth
    ) -> Response {
        var response = APIResponse.bytes(bytes, mediaType: mediaType)
        response.headers[.cacheControl] = closed ? "public, max-age=86400" : "public, max-age=30"
        if let fileName { response.headers[.contentDisposition] = "inline; filename=\"\(fileName)\"" }
        return response
    }

    /// `GET /transparansi`: the month of `?bulan=` (default: the current month in the city's zone).
    func page(_ request: Request, _ reporter: TransparencyReporter) async throws -> Response {
        let query = request.uri.queryParameters
        let language: ConsoleText.Language = query.get("lang") == "en" ? .en : .id
        let t = TransparencyText.table(language)
        let current = reporter.currentMonth()
        var month = current
        if let text = query.get("bulan").map({ String($0) }), !text.isEmpty {
            guard let chosen = CityMonth(text: text) else {
                return APIResponse.html(
                    TransparencyPages.message(
                        heading: t["badMonthTitle"] ?? "", text: t["badMonth"] ?? "", language: language),
                    status: .badRequest)
            }
            month = chosen
        }
        guard let figures = try await reporter.figures(month) else {
            return APIResponse.html(
                TransparencyPages.message(heading: t["futureTitle"] ?? "", text: t["future"] ?? "", language: language),
                status: .notFound)
        }
        var response = APIResponse.html(
            TransparencyPages.month(figures, city: services.configuration.city, current: current, language: language))
        response.headers[.cacheControl] = "public, max-age=30"
        return response
    }
}
