import Foundation
import Hummingbird
import Ledger

/// Exceptions as work: `GET /api/v1/exceptions` (finance, supervisor, auditor, admin) with filters
/// `state`, `category`, `from`, `to` (city dates, `YYYY-MM-DD`, opened on or after / on or before),
/// `zone`, `invoiceId`, `after` (the previous page's last id) and `limit` (1–1000, default 100);
/// `GET /api/v1/exceptions/{id}`; `POST /api/v1/exceptions/{id}/assign {"to"}` and
/// `POST /api/v1/exceptions/{id}/resolve {"resolution", "note", "invoiceId"?, "duplicateOf"?}`
/// (finance, admin). Every change is an event naming the acting device.
struct ExceptionRoutes {
    let services: APIServices

    static let readers: Set<Device.Role> = [.finance, .supervisor, .auditor, .admin]
    static let workers: Set<Device.Role> = [.finance, .admin]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/exceptions") { request, context in try await list(request, context) }
        group.get("v1/exceptions/:id") { request, context in try await show(request, context) }
        group.post("v1/exceptions/:id/assign") { request, context in try await assign(request, context) }
        group.post("v1/exceptions/:id/resolve") { request, context in try await resolve(request, context) }
    }

    struct Page: Encodable {
        var exceptions: [ExceptionView]
        /// The `after` value for the next page; nil on the last page.
        var next: String?
    }

    func list(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Self.readers)
        let parameters = request.uri.queryParameters
        try Self.refuseUnknown(parameters, known: ["state", "category", "from", "to", "zone", "invoiceId", "after", "limit"])
        let query = try Self.query(services.configuration.city.timeZone) { parameters.get($0) }
        let found = try await services.store.exceptionCases(query)
        let next = found.count == query.limit ? found.last?.id.rawValue : nil
        return try APIResponse.json(Page(exceptions: found.map(ExceptionView.init), next: next))
    }

    /// The exception query of a list request's parameters (`state`, `category`, `from`, `to`, `zone`,
    /// `invoiceId`, `after`, `limit`), as the API and the console read them; `value` gives a
    /// parameter's text or nil when absent.
    /// - Throws: 400 `request.invalidValue` naming the parameter.
    static func query(_ zoneOfCity: CityTimeZone, value: (String) -> String?) throws -> ExceptionQuery {
        var query = ExceptionQuery()
        if let text = value("state") {
            guard let state = ExceptionCase.State(rawValue: text) else {
                throw Self.invalid("state", text, ExceptionCase.State.allCases.map(\.rawValue))
            }
            query.state = state
        }
        if let text = value("category") {
            guard let category = ExceptionCase.Category(rawValue: text) else {
                throw Self.invalid("category", text, ExceptionCase.Category.allCases.map(\.rawValue))
            }
            query.category = category
        }
        if let text = value("from") {
            query.openedFrom = zoneOfCity.startOfDay(try Self.date(text, field: "from"))
        }
        if let text = value("to") {
            query.openedBefore = zoneOfCity.startOfDay(try Self.date(text, field: "to").adding(days: 1))
        }
        if let zone = value("zone") { query.zone = try Self.zone(zone) }
        if let id = value("invoiceId") { query.invoiceID = Invoice.ID(String(id.prefix(64))) }
        if let after = value("after") { query.after = ExceptionCase.ID(String(after.prefix(64))) }
        if let text = value("limit") { query.limit = try Self.limit(text) }
        return query
    }

    // The list parameters the exception and complaint queues share.

    /// 400 `request.unknownParameter` for a query parameter not in `known`.
    static func refuseUnknown(_ parameters: Parameters, known: Set<String>) throws {
        if let unknown = parameters.map({ String($0.key) }).first(where: { !known.contains($0) }) {
            throw APIError.badRequest(
                "request.unknownParameter",
                "unknown query parameter \"\(unknown.prefix(40))\"; known: \(known.sorted().joined(separator: ", "))",
                field: String(unknown.prefix(40)))
        }
    }

    /// A `zone` filter: 1–32 characters (Unicode scalars, as the document's maxLength counts them).
    static func zone(_ zone: String) throws -> String {
        guard !zone.isEmpty, zone.unicodeScalars.count <= 32 else {
            throw APIError.badRequest("request.invalidValue", "zone must be a zone code (1–32 characters)", field: "zone")
        }
        return zone
    }

    /// A `limit`: a whole number from 1 to 1000.
    static func limit(_ text: String) throws -> Int {
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw APIError.badRequest(
                "request.invalidValue", "limit must be a whole number from 1 to 1000, got \"\(text.prefix(20))\"",
                field: "limit")
        }
        return limit
    }

    func show(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Self.readers)
        return try APIResponse.json(ExceptionView(try await exception(context)))
    }

    func assign(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.workers)
        let body = try await APIRequest.decode(AssignBody.self, from: request)
        let id = try await exception(context).id
        let assigned = try await services.store.assignException(
            id, to: body.to, actor: .device(device.id), at: services.now())
        return try APIResponse.json(ExceptionView(assigned))
    }

    struct ResolveBody: APIRequestBody {
        static let fields: Set<String> = ["resolution", "note", "invoiceId", "duplicateOf"]
        var resolution: String
        var note: String
        var invoiceId: String?
        var duplicateOf: String?
    }

    func resolve(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.workers)
        let body = try await APIRequest.decode(ResolveBody.self, from: request)
        guard let code = ExceptionCase.ResolutionCode(rawValue: body.resolution) else {
            throw Self.invalid("resolution", body.resolution, ExceptionCase.ResolutionCode.allCases.map(\.rawValue))
        }
        let id = try await exception(context).id
        let resolved = try await services.store.resolveException(
            id,
            ExceptionCase.Resolution(
                code: code, note: body.note, invoiceID: body.invoiceId.map { Invoice.ID(String($0.prefix(64))) },
                duplicateOf: body.duplicateOf.map { ExceptionCase.ID(String($0.prefix(64))) },
                actor: .device(device.id), at: services.now()))
        return try APIResponse.json(ExceptionView(resolved))
    }

    private func exception(_ context: LunasRequestContext) async throws -> ExceptionCase {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let found = try await services.store.exceptionCase(id: ExceptionCase.ID(id)) else {
            throw APIError.notFound("exception \(id.prefix(40))")
        }
        return found
    }

    static func invalid(_ field: String, _ value: String, _ allowed: [String]) -> APIError {
        APIError.badRequest(
            "request.invalidValue",
            "\(field) must be one of \(allowed.joined(separator: ", ")), got \"\(value.prefix(40))\"", field: field)
    }

    static func date(_ text: String, field: String) throws -> CivilDate {
        guard let date = CivilDate(iso8601: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "\(field) must be a date YYYY-MM-DD, got \"\(text.prefix(20))\"", field: field)
        }
        return date
    }
}
