import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger

/// **Aduan** (`/console/complaints`): the queue of citizens' complaints (open first by default,
/// late ones marked), one complaint with the citizen's words, contact and photo, and its actions
/// (assign, answer — shown to the citizen —, resolve) through ``ComplaintDesk`` with the signed-in
/// staff member as the actor. Supervisors and admins act; auditors read without the contact.
struct ConsoleComplaintRoutes {
    let services: APIServices

    static let readers: Set<StaffMember.Role> = [.supervisor, .auditor, .admin]
    static let workers: Set<StaffMember.Role> = [.supervisor, .admin]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("complaints") { request, context in try await list(request, context) }
        group.get("complaints/:number") { request, context in try await detail(request, context, message: nil, status: .ok) }
        group.get("complaints/:number/photo") { request, context in try await photo(request, context) }
        group.post("complaints/:number/assign") { request, context in try await act(request, context, "assigned") }
        group.post("complaints/:number/answer") { request, context in try await act(request, context, "answered") }
        group.post("complaints/:number/resolve") { request, context in try await act(request, context, "resolved") }
    }

    private func view(_ request: Request, _ context: LunasRequestContext) -> ConsoleView {
        ConsoleView(request: request, context: context, city: services.configuration)
    }

    private var desk: ComplaintDesk { get throws { try services.complaintDesk } }

    func list(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let chosen = request.uri.queryParameters.get("state").map { String($0) } ?? "open"
        let state = Complaint.State(rawValue: chosen)
        var query = ComplaintQuery(state: state, limit: 200)
        if let staff = view.staff { query.zones = ComplaintDesk.zones(of: staff.authority) }
        let found = try await desk.book.complaints(query)
        let now = services.now()
        let states = (Complaint.State.allCases.map(\.rawValue) + ["all"]).map { value -> [String: Any] in
            ["value": value, "label": value == "all" ? view.text("exc.any") : view.text("cmp.state.\(value)"),
             "selected": value == (state?.rawValue ?? "all")]
        }
        let rows = found.map { complaint -> [String: Any] in
            var row = common(complaint, view, now: now)
            row["href"] = "/console/complaints/\(complaint.number)" + (view.language == .en ? "?lang=en" : "")
            return row
        }
        return view.page(
            "complaints", title: view.text("complaints"), values: ["rows": rows, "empty": rows.isEmpty, "states": states])
    }

    private func common(_ complaint: Complaint, _ view: ConsoleView, now: Date) -> [String: Any] {
        let filing = complaint.filing
        let inTime = complaint.deadlineMet(now: now)
        var values: [String: Any] = [
            "number": complaint.number, "category": view.text("cmp.cat.\(filing.category.rawValue)"),
            "state": view.text("cmp.state.\(complaint.state.rawValue)"), "filed": view.time(filing.filedAt),
            "deadline": view.time(filing.deadline), "late": inTime == false, "inTime": inTime == true,
            "zone": filing.zone ?? "—", "assignee": complaint.assignee ?? "—", "tier": filing.tier,
        ]
        if let device = filing.deviceID { values["device"] = device.rawValue }
        return values
    }

    func detail(
        _ request: Request, _ context: LunasRequestContext, message: (kind: String, text: String)?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let complaint = try await complaint(context)
        let content = try await desk.book.complaintContent(number: complaint.number)
        var values = common(complaint, view, now: services.now())
        values["message"] = view.notice(message, request, done: ["assigned", "answered", "resolved"], prefix: "cmp")
        values["description"] = content?.description ?? ""
        if view.staff?.role != .auditor, let contact = content?.contact { values["contact"] = contact }
        if content?.photo != nil { values["photo"] = "/console/complaints/\(complaint.number)/photo" }
        if let plate = complaint.filing.plate { values["plate"] = plate }
        if let occurred = complaint.filing.occurredAt { values["occurred"] = view.time(occurred) }
        if let invoiceID = complaint.filing.invoiceID, let invoice = try await services.store.invoice(id: invoiceID) {
            values["invoice"] = invoiceID.rawValue
            values["amount"] = view.money(invoice.amount)
        }
        if let deviceID = complaint.filing.deviceID {
            values["deviceName"] = try await services.store.device(id: deviceID)?.name ?? ""
        }
        var answers: [[String: Any]] = []
        for answer in complaint.answers {
            answers.append([
                "at": view.time(answer.at), "message": answer.message,
                "by": try await ConsoleExceptionRoutes.name(of: answer.actor, services),
            ])
        }
        values["answers"] = answers
        if let resolution = complaint.resolution {
            values["resolution"] = [
                "outcome": view.text("cmp.out.\(resolution.outcome.rawValue)"), "note": resolution.note,
                "at": view.time(resolution.at), "by": try await ConsoleExceptionRoutes.name(of: resolution.actor, services),
                "lapor": resolution.laporNumber ?? false,
            ]
        }
        if let staff = view.staff, Self.workers.contains(staff.role), complaint.state != .resolved {
            values["work"] = true
            values["assignees"] = try await ConsoleExceptionRoutes.assignees(
                Self.workers, selected: complaint.assignee, services)
            values["outcomes"] = Complaint.Outcome.allCases.map {
                ["value": $0.rawValue, "label": view.text("cmp.out.\($0.rawValue)")]
            }
        }
        return view.page("complaint", title: "\(view.text("complaints")) \(complaint.number)", values: values, status: status)
    }

    /// The photo as the citizen sent it (metadata removed), for staff who may read the complaint.
    func photo(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let complaint = try await complaint(context)
        guard let content = try await desk.book.complaintContent(number: complaint.number), let photo = content.photo,
            let type = content.photoType
        else { throw APIError.notFound("photo of complaint \(complaint.number)") }
        var response = APIResponse.bytes([UInt8](photo), mediaType: type)
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'"
        return response
    }

    /// One action; a refusal renders the detail page with the reason and changes nothing.
    func act(_ request: Request, _ context: LunasRequestContext, _ what: String) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.workers) { return refusal }
        guard let staff = context.staff else { throw APIError.forbidden("signed-in staff only") }
        let complaint = try await complaint(context)
        let form = try await ConsoleForm.read(request)
        let desk = try desk
        do {
            switch what {
            case "assigned":
                guard let to = form.trimmed("to") else {
                    throw APIError.badRequest("request.invalidValue", "choose who works on it", field: "to")
                }
                let members = try await services.staff?.staffMembers() ?? []
                guard members.contains(where: { $0.email == to && $0.isActive && Self.workers.contains($0.role) }) else {
                    throw APIError.badRequest(
                        "request.invalidValue", "\"\(to.prefix(60))\" is not an active supervisor or admin", field: "to")
                }
                _ = try await desk.assign(complaint.number, to: to, device: nil, actor: staff.actor)
            case "answered":
                _ = try await desk.answer(complaint.number, message: form["message"] ?? "", device: nil, actor: staff.actor)
            default:
                _ = try await desk.resolve(
                    complaint.number, outcome: form.trimmed("outcome") ?? "", note: form["note"] ?? "",
                    laporNumber: form.trimmed("laporNumber"), refundID: form.trimmed("refundId"), device: nil,
                    actor: staff.actor)
            }
        } catch {
            let mapped = APIErrorMiddleware<LunasRequestContext>.map(error, requestID: context.id)
            guard mapped.status.code < 500 else { throw error }
            let text = mapped.field.map { "\($0): \(mapped.message)" } ?? mapped.message
            return try await detail(request, context, message: ("bad", text), status: mapped.status)
        }
        return ConsoleView.redirect(
            "/console/complaints/\(complaint.number)?done=\(what)" + (view.language == .en ? "&lang=en" : ""))
    }

    /// The complaint of the path, when the signed-in member covers it (403 otherwise).
    private func complaint(_ context: LunasRequestContext) async throws -> Complaint {
        let number = context.parameters.get("number") ?? ""
        guard Complaint.isNumber(number), let found = try await desk.book.complaint(number: number) else {
            throw APIError.notFound("complaint \(number.prefix(40))")
        }
        guard let staff = context.staff, ComplaintDesk.covers(staff.authority, found) else {
            throw APIError.forbidden("complaint \(number) is outside your zones")
        }
        return found
    }
}
