import Foundation
import Hummingbird
import Issuing
import Ledger

/// Complaints for staff devices: `GET /api/v1/complaints` (supervisor, auditor, admin) with
/// filters `state`, `from`, `to` (city dates, filed on or after / on or before), `zone`, `deviceId`
/// and `limit` (1–1000, default 200), newest first; `GET /api/v1/complaints/{number}`;
/// `POST /api/v1/complaints/{number}/assign {"to"}`, `…/answer {"message"}`,
/// `…/resolve {"outcome", "note", "laporNumber"?, "refundId"?}` (supervisor, admin). Every change
/// is an event naming the acting device. Auditors read complaints without the citizen's contact.
struct ComplaintRoutes {
    let services: APIServices

    static let readers: Set<Device.Role> = [.supervisor, .auditor, .admin]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/complaints") { request, context in try await list(request, context) }
        group.get("v1/complaints/:number") { request, context in try await show(request, context) }
        group.post("v1/complaints/:number/assign") { request, context in try await assign(request, context) }
        group.post("v1/complaints/:number/answer") { request, context in try await answer(request, context) }
        group.post("v1/complaints/:number/resolve") { request, context in try await resolve(request, context) }
    }

    private var desk: ComplaintDesk { get throws { try services.complaintDesk } }

    struct Page: Encodable {
        var complaints: [ComplaintView]
    }

    func list(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.readers)
        let parameters = request.uri.queryParameters
        try ExceptionRoutes.refuseUnknown(parameters, known: ["state", "from", "to", "zone", "deviceId", "limit"])
        var query = try Self.query(services.configuration.city.timeZone) { parameters.get($0) }
        query.zones = ComplaintDesk.zones(of: device)
        let found = try await desk.book.complaints(query)
        let now = services.now()
        return try APIResponse.json(Page(complaints: found.map { ComplaintView($0, content: nil, now: now) }))
    }

    /// The complaint query of a list request's parameters, as the API and the console read them.
    /// - Throws: 400 `request.invalidValue` naming the parameter.
    static func query(_ zoneOfCity: CityTimeZone, value: (String) -> String?) throws -> ComplaintQuery {
        var query = ComplaintQuery()
        if let text = value("state") {
            guard let state = Complaint.State(rawValue: text) else {
                throw ExceptionRoutes.invalid("state", text, Complaint.State.allCases.map(\.rawValue))
            }
            query.state = state
        }
        if let text = value("from") { query.filedFrom = zoneOfCity.startOfDay(try ExceptionRoutes.date(text, field: "from")) }
        if let text = value("to") {
            query.filedBefore = zoneOfCity.startOfDay(try ExceptionRoutes.date(text, field: "to").adding(days: 1))
        }
        if let zone = value("zone") { query.zone = try ExceptionRoutes.zone(zone) }
        if let device = value("deviceId") {
            guard (1...64).contains(device.unicodeScalars.count) else {
                throw APIError.badRequest(
                    "request.invalidValue", "deviceId must be a device id (1–64 characters)", field: "deviceId")
            }
            query.deviceID = Device.ID(device)
        }
        if let text = value("limit") { query.limit = try ExceptionRoutes.limit(text) }
        return query
    }

    func show(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.readers)
        let complaint = try await complaint(context, for: device)
        var content = try await desk.book.complaintContent(number: complaint.number)
        if device.role == .auditor { content?.contact = nil }
        return try APIResponse.json(ComplaintView(complaint, content: content, now: services.now()))
    }

    func assign(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await change(request, context, AssignBody.self) { desk, number, body, device in
            try await desk.assign(number, to: body.to, device: device, actor: .device(device.id))
        }
    }

    struct AnswerBody: APIRequestBody {
        static let fields: Set<String> = ["message"]
        var message: String
    }

    func answer(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await change(request, context, AnswerBody.self) { desk, number, body, device in
            try await desk.answer(number, message: body.message, device: device, actor: .device(device.id))
        }
    }

    struct ResolveBody: APIRequestBody {
        static let fields: Set<String> = ["outcome", "note", "laporNumber", "refundId"]
        var outcome: String
        var note: String
        var laporNumber: String?
        var refundId: String?
    }

    func resolve(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        try await change(request, context, ResolveBody.self) { desk, number, body, device in
            try await desk.resolve(
                number, outcome: body.outcome, note: body.note, laporNumber: body.laporNumber,
                refundID: body.refundId.map { String($0.prefix(64)) }, device: device, actor: .device(device.id))
        }
    }

    /// One desk action on the path's complaint (supervisor, admin): the device's role, then the
    /// body, then the complaint (404, or 403 outside the device's zones) are checked in that order;
    /// the answer is the changed complaint, without the citizen's contact.
    private func change<Body: APIRequestBody>(
        _ request: Request, _ context: LunasRequestContext, _ body: Body.Type,
        _ action: (ComplaintDesk, String, Body, Device) async throws -> Complaint
    ) async throws -> Response {
        let device = try context.requireDevice(ComplaintDesk.roles)
        let body = try await APIRequest.decode(Body.self, from: request)
        let number = try await complaint(context, for: device).number
        let changed = try await action(try desk, number, body, device)
        return try APIResponse.json(ComplaintView(changed, content: nil, now: services.now()))
    }

    /// The complaint of the path, when `device` covers it (403 otherwise).
    private func complaint(_ context: LunasRequestContext, for device: Device) async throws -> Complaint {
        let number = context.parameters.get("number") ?? ""
        guard Complaint.isNumber(number), let found = try await desk.book.complaint(number: number) else {
            throw APIError.notFound("complaint \(number.prefix(40))")
        }
        guard ComplaintDesk.covers(device, found) else {
            throw APIError.forbidden("complaint \(number) is outside the zones of device \(device.id)")
        }
        return found
    }
}
