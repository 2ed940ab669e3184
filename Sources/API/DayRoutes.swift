import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger

/// Closing the city day: `GET /api/v1/days/{date}` (finance, supervisor, auditor, admin: what still
/// blocks it, or its statement), `POST /api/v1/days/{date}/close` (admin, or a supervisor enrolled
/// without zones: 200 with the signed statement, 409 `day.notClosable` listing the blockers), and the
/// public statement `GET /public/days/{date}` (JSON, or an Indonesian page for `text/html`; 404
/// while the day is open).
struct DayRoutes {
    let services: APIServices

    static let readers: Set<Device.Role> = [.finance, .supervisor, .auditor, .admin]
    static let closers: Set<Device.Role> = [.supervisor, .admin]

    func register(api group: RouterGroup<LunasRequestContext>, public router: Router<LunasRequestContext>) {
        group.get("v1/days/:date") { request, context in try await show(request, context) }
        group.post("v1/days/:date/close") { request, context in try await close(request, context) }
        router.get("public/days/:date") { request, context in try await publicStatement(request, context) }
    }

    struct BlockerView: Encodable {
        var kind: String
        var count: Int64
        var examples: [String]

        init(_ blocker: DayBlocker) {
            kind = blocker.kind.rawValue
            count = blocker.count
            examples = blocker.examples
        }
    }

    struct StatusView: Encodable {
        var date: String
        var closed: Bool
        var blockers: [BlockerView]
        /// The statement's URL once closed.
        var statement: String?
    }

    func show(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Self.readers)
        let date = try Self.date(context)
        if try await services.store.closedDay(date) != nil {
            return try APIResponse.json(
                StatusView(date: "\(date)", closed: true, blockers: [], statement: "/public/days/\(date)"))
        }
        let blockers = try await services.days.blockers(of: date)
        return try APIResponse.json(
            StatusView(date: "\(date)", closed: false, blockers: blockers.map(BlockerView.init), statement: nil))
    }

    struct RefusalBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
        var blockers: [BlockerView]
    }

    func close(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.closers)
        let date = try Self.date(context)
        switch try await services.days.close(date, actor: .device(device.id)) {
        case .closed(let statement), .alreadyClosed(let statement):
            return APIResponse.bytes(statement.canonical.bytes, mediaType: APIResponse.jsonMediaType)
        case .blocked(let blockers):
            let summary = blockers.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
            return try APIResponse.json(
                RefusalBody(
                    error: .init(code: "day.notClosable", message: "day \(date) cannot close yet: \(summary)"),
                    blockers: blockers.map(BlockerView.init)),
                status: .conflict)
        }
    }

    func publicStatement(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let date = try Self.date(context)
        guard let statement = try await services.store.closedDay(date) else {
            if APIResponse.wantsHTML(request) {
                return APIResponse.html(DayPages.notClosed(date, city: services.configuration.city), status: .notFound)
            }
            throw APIError(.notFound, "day.notClosed", "day \(date) has not been closed", field: "date")
        }
        if APIResponse.wantsHTML(request) {
            return APIResponse.html(DayPages.statement(statement, city: services.configuration.city))
        }
        return APIResponse.bytes(statement.canonical.bytes, mediaType: APIResponse.jsonMediaType)
    }

    static func date(_ context: LunasRequestContext) throws -> CivilDate {
        let text = context.parameters.get("date") ?? ""
        guard let date = CivilDate(iso8601: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "date must be a city date YYYY-MM-DD, got \"\(text.prefix(20))\"",
                field: "date")
        }
        return date
    }
}
