import Foundation
import HTTPTypes
import Hummingbird
import Ledger

/// **Pengecualian** (`/console/exceptions`): the queue of exceptions with filters (`state`,
/// `category`, `from`, `to`, `zone`, `invoiceId`, read as `GET /api/v1/exceptions` reads them),
/// paginated by `after`; the detail page `/console/exceptions/{id}` with its actions (assign,
/// resolve, refund: ``ConsoleExceptionActions``). Finance, supervisors, auditors and admins read;
/// only finance and admins act (the others see no buttons, and their POSTs answer 403).
struct ConsoleExceptionRoutes {
    let services: APIServices

    /// Who may open the pages.
    static let readers: Set<StaffMember.Role> = [.finance, .supervisor, .auditor, .admin]
    /// Who may assign, resolve and refund.
    static let workers: Set<StaffMember.Role> = [.finance, .admin]
    /// Exceptions per page.
    static let pageSize = 50
    /// The filters the list keeps in its links.
    static let filters = ["state", "category", "from", "to", "zone", "invoiceId"]
    /// The categories whose payment may be refunded from the detail page.
    static let refundable: Set<ExceptionCase.Category> = [.duplicatePayment, .paidLate]

    func register(on group: RouterGroup<LunasRequestContext>) {
        let actions = ConsoleExceptionActions(routes: self)
        group.get("exceptions") { request, context in try await list(request, context) }
        group.get("exceptions/:id") { request, context in try await detail(request, context) }
        group.post("exceptions/:id/assign") { request, context in try await actions.assign(request, context) }
        group.post("exceptions/:id/resolve") { request, context in try await actions.resolve(request, context) }
        group.post("exceptions/:id/refund") { request, context in try await actions.refund(request, context) }
    }

    func view(_ request: Request, _ context: LunasRequestContext) -> ConsoleView {
        ConsoleView(request: request, context: context, city: services.configuration)
    }

    // MARK: The list

    func list(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let parameters = request.uri.queryParameters
        // An empty field of the filter form means "any"; the queue opens on the open exceptions.
        var given: [String: String] = [:]
        for name in Self.filters + ["after"] {
            if let value = parameters.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                given[name] = value
            }
        }
        if parameters.get("state") == nil { given["state"] = "open" }
        if given["state"] == "all" { given["state"] = nil }
        var values: [String: Any] = filterValues(view, given)
        var query: ExceptionQuery
        do {
            query = try ExceptionRoutes.query(services.configuration.city.timeZone) { given[$0] }
        } catch let error as APIError {
            values["message"] = ["kind": "bad", "text": error.message]
            values["rows"] = [[String: Any]]()
            return view.page("exceptions", title: view.text("exceptions"), values: values, status: .badRequest)
        }
        query.limit = Self.pageSize
        let found = try await services.store.exceptionCases(query)
        let now = services.now()
        values["rows"] = found.map { row($0, view, now: now) }
        values["empty"] = found.isEmpty
        if found.count == query.limit, let last = found.last {
            values["next"] = link(given.merging(["after": last.id.rawValue]) { $1 }, view)
        }
        if given["after"] != nil { values["first"] = link(given.filter { $0.key != "after" }, view) }
        return view.page("exceptions", title: view.text("exceptions"), values: values)
    }

    /// `/console/exceptions?…` with `parameters` (and the language of the view).
    func link(_ parameters: [String: String], _ view: ConsoleView) -> String {
        var items = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        if view.language == .en { items.append(URLQueryItem(name: "lang", value: "en")) }
        if parameters["state"] == nil { items.append(URLQueryItem(name: "state", value: "all")) }
        var components = URLComponents()
        components.path = "/console/exceptions"
        components.queryItems = items
        return components.string ?? "/console/exceptions"
    }

    /// The filter form's fields, with the given values selected.
    func filterValues(_ view: ConsoleView, _ given: [String: String]) -> [String: Any] {
        let states: [[String: Any]] = [("open", "exc.state.open"), ("resolved", "exc.state.resolved"), ("all", "exc.any")]
            .map { value, key in
                ["value": value, "label": view.text(key), "selected": (given["state"] ?? "all") == value]
            }
        var categories: [[String: Any]] = [["value": "", "label": view.text("exc.any"), "selected": given["category"] == nil]]
        categories += ExceptionCase.Category.allCases.map {
            ["value": $0.rawValue, "label": view.text("exc.cat.\($0.rawValue)"), "selected": given["category"] == $0.rawValue]
        }
        var zones: [[String: Any]] = [["value": "", "label": view.text("exc.any"), "selected": given["zone"] == nil]]
        zones += services.configuration.zones.map {
            ["value": $0.id.rawValue, "label": "\($0.id.rawValue) · \($0.name)", "selected": given["zone"] == $0.id.rawValue]
        }
        return [
            "states": states, "categories": categories, "zones": zones, "from": given["from"] ?? "",
            "to": given["to"] ?? "", "invoiceId": given["invoiceId"] ?? "",
        ]
    }

    /// One row of the queue.
    func row(_ exception: ExceptionCase, _ view: ConsoleView, now: Date) -> [String: Any] {
        var row = common(exception, view, now: now)
        row["href"] = "/console/exceptions/\(exception.id.rawValue)" + (view.language == .en ? "?lang=en" : "")
        return row
    }

    /// What the list and the detail page show of an exception.
    func common(_ exception: ExceptionCase, _ view: ConsoleView, now: Date) -> [String: Any] {
        var values: [String: Any] = [
            "id": exception.id.rawValue, "category": view.text("exc.cat.\(exception.category.rawValue)"),
            "todo": view.text("exc.todo.\(exception.category.rawValue)"),
            "amount": exception.amount.map(view.money) ?? "—", "age": age(from: exception.openedAt, to: now, view),
            "opened": view.time(exception.openedAt), "open": exception.state == .open,
            "state": view.text("exc.state.\(exception.state.rawValue)"), "assignee": exception.assignee ?? "—",
            "detail": exception.detail, "origin": exception.origin.rawValue,
        ]
        if let invoice = exception.invoiceID {
            values["invoice"] = [
                "id": invoice.rawValue, "href": link(["invoiceId": invoice.rawValue], view),
            ]
        }
        if let bill = exception.billNumber { values["bill"] = bill }
        if let device = exception.deviceID { values["device"] = device.rawValue }
        if let payment = exception.paymentID { values["payment"] = payment.rawValue }
        if let rrn = exception.rrn { values["rrn"] = rrn }
        if let issuer = exception.issuer { values["issuer"] = issuer }
        if let paidAt = exception.paidAt { values["paidAt"] = view.time(paidAt) }
        if let settlement = exception.settlement {
            values["settlement"] = [
                "id": settlement.settlementID, "row": "\(settlement.row)", "location": settlement.location,
                "href": "/console/settlements/\(settlement.settlementID)",
            ]
        }
        return values
    }

    /// The age of an exception: days, or hours under two days.
    func age(from opened: Date, to now: Date, _ view: ConsoleView) -> String {
        let hours = max(0, Int(now.timeIntervalSince(opened) / 3600))
        if hours >= 48 { return "\(hours / 24) \(view.text("exc.days"))" }
        if hours < 1 { return view.text("exc.underAnHour") }
        return "\(hours) \(view.text("exc.hours"))"
    }

    // MARK: The detail page

    func detail(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await detail(request, context, message: nil, status: .ok)
    }

    /// The detail page, with a message after an action (`kind` `ok` or `bad`).
    func detail(
        _ request: Request, _ context: LunasRequestContext, message: (kind: String, text: String)?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let exception = try await exception(context)
        var values = common(exception, view, now: services.now())
        values["message"] = view.notice(message, request, done: ["assigned", "resolved", "refunded"], prefix: "exc")
        values["listHref"] = link(["state": "open"], view)
        if let resolution = exception.resolution {
            var resolved: [String: Any] = [
                "code": view.text("exc.res.\(resolution.code.rawValue)"), "note": resolution.note,
                "at": view.time(resolution.at), "by": try await Self.name(of: resolution.actor, services),
            ]
            if let invoice = resolution.invoiceID { resolved["matched"] = invoice.rawValue }
            if let other = resolution.duplicateOf { resolved["duplicate"] = other.rawValue }
            values["resolution"] = resolved
        }
        let mayWork = view.staff.map { Self.workers.contains($0.role) } ?? false
        if mayWork, exception.state == .open {
            values["assignees"] = try await Self.assignees(Self.workers, selected: exception.assignee, services)
            values["codes"] = ExceptionCase.ResolutionCode.allCases.map {
                ["value": $0.rawValue, "label": view.text("exc.res.\($0.rawValue)")]
            }
            values["work"] = true
            if Self.refundable.contains(exception.category), exception.paymentID != nil {
                values["refund"] = [
                    "amount": exception.amount.map { "\($0.value)" } ?? "",
                    "once": ConsoleExceptionActions.newOnce(),
                ]
            }
        }
        return view.page(
            "exception", title: "\(view.text("exceptions")) \(exception.id.rawValue)", values: values, status: status)
    }

    /// The active staff in `roles` as options of an assign form, `selected` chosen.
    static func assignees(_ roles: Set<StaffMember.Role>, selected: String?, _ services: APIServices) async throws
        -> [[String: Any]]
    {
        let members = try await services.staff?.staffMembers() ?? []
        return members.filter { $0.isActive && roles.contains($0.role) }.map {
            ["value": $0.email, "label": "\($0.name) (\($0.email))", "selected": $0.email == selected]
        }
    }

    /// Who an actor is, for a person: a staff member's name and e-mail, else the id.
    static func name(of actor: LedgerActor, _ services: APIServices) async throws -> String {
        if let id = actor.staff {
            if let member = try await services.staff?.staffMember(id: StaffMember.ID(id)) {
                return "\(member.name) (\(member.email))"
            }
            return id
        }
        return actor.device?.rawValue ?? "—"
    }

    /// The exception named by the path, or 404.
    func exception(_ context: LunasRequestContext) async throws -> ExceptionCase {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let found = try await services.store.exceptionCase(id: ExceptionCase.ID(id)) else {
            throw APIError.notFound("exception \(id.prefix(40))")
        }
        return found
    }
}
