import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging
import QRImage

/// **Perangkat dan juru parkir** (`/console/devices`): the devices (administrators: all of them;
/// supervisors: those of their zones; auditors: all, read only), enrolment (the token shown once,
/// as text and as a QR code of `lunas://enroll?server=BASE_URL&token=TOKEN` that the handheld
/// scans) and revocation with a reason. Administrators enrol any role; a supervisor enrols
/// attendants' handhelds in their own zones and revokes those.
struct ConsoleDeviceRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("devices") { request, context in try await page(request, context) }
        group.post("devices") { request, context in try await enrol(request, context) }
        group.post("devices/:id/revoke") { request, context in try await revoke(request, context) }
    }

    static let readers: Set<StaffMember.Role> = [.admin, .supervisor, .auditor]

    /// The enrolment URI a handheld accepts (`lunas handheld enroll --uri …`).
    static func enrolmentURI(base: String, token: String) -> String {
        "lunas://enroll?server=\(base.urlComponentEncoded)&token=\(token.urlComponentEncoded)"
    }

    /// Whether `staff` may see or act on `device`: administrators and auditors every device, a
    /// supervisor without zones every device, one with zones the devices sharing a zone with them.
    static func covers(_ staff: StaffMember, _ device: Device) -> Bool {
        if staff.role != .supervisor || staff.zones.isEmpty { return true }
        return !Set(staff.zones).isDisjoint(with: device.zones)
    }

    /// Whether `staff` may revoke `device`.
    static func mayRevoke(_ staff: StaffMember, _ device: Device) -> Bool {
        guard device.revokedAt == nil else { return false }
        switch staff.role {
        case .admin: return true
        case .supervisor: return device.role == .attendant && covers(staff, device)
        default: return false
        }
    }

    func page(
        _ request: Request, _ context: LunasRequestContext, message: (String, String)? = nil,
        enrolled: [String: Any]? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let devices: [[String: Any]] = try await services.store.devices()
            .filter { Self.covers(staff, $0) }
            .map { device in
                [
                    "id": device.id.rawValue, "name": device.name, "role": device.role.rawValue,
                    "zones": device.zones.isEmpty ? "—" : device.zones.joined(separator: ", "),
                    "state": device.revokedAt.map { view.text("revoked") + " " + view.time($0) } ?? view.text("active"),
                    "lastSequence": "\(device.lastSequence)", "enrolledAt": view.time(device.enrolledAt),
                    "revocable": Self.mayRevoke(staff, device),
                ]
            }
        let roles: [Device.Role] = staff.role == .admin ? Device.Role.allCases : [.attendant]
        let zones = services.configuration.zones.filter {
            staff.role == .admin || staff.zones.isEmpty || staff.zones.contains($0.id.rawValue)
        }
        let leakage = try await leakage(request, view: view, staff: staff)
        var values: [String: Any] = leakage
        values.merge([
            "devices": devices, "canEnrol": staff.role == .admin || staff.role == .supervisor,
            "roles": roles.map { ["value": $0.rawValue, "label": $0.rawValue] },
            "zones": zones.map { ["id": $0.id.rawValue, "name": $0.name] },
        ]) { _, new in new }
        if let message { values["message"] = ["kind": message.0, "text": message.1] }
        if let enrolled { values["enrolled"] = enrolled }
        return view.page("devices", title: view.text("devices"), values: values, status: status)
    }

    /// The leakage view of a day (`?date=`, default today; `?sort=unpaidShare|gaps|issued|name`):
    /// each device's issued, paid, unpaid, cancelled and missing sequence numbers, with a mark on
    /// the outliers of ``Ledger/LeakageRule/standard``.
    func leakage(_ request: Request, view: ConsoleView, staff: StaffMember) async throws -> [String: Any] {
        var date = services.configuration.city.timeZone.local(services.now()).date
        if let text = request.uri.queryParameters.get("date"), !text.isEmpty {
            guard let parsed = CivilDate.parse(String(text)) else {
                throw APIError.badRequest("request.invalidDate", "date must be YYYY-MM-DD", field: "date")
            }
            date = parsed
        }
        let bounds = services.days.bounds(of: date)
        let activity = try await services.store.deviceActivity(from: bounds.from, to: bounds.to)
        let outliers = LeakageRule.standard.outliers(activity)
        let sort = request.uri.queryParameters.get("sort").map { String($0) } ?? "unpaidShare"
        func share(_ device: DeviceActivity) -> Double {
            device.issued.count == 0 ? 0 : Double(device.unpaid.count) / Double(device.issued.count)
        }
        let shown = activity.filter { activity in
            staff.role != .supervisor || staff.zones.isEmpty || !Set(staff.zones).isDisjoint(with: activity.zones)
        }.sorted { a, b in
            switch sort {
            case "gaps": (a.missingSequenceNumbers, a.name) > (b.missingSequenceNumbers, b.name)
            case "issued": (a.issued.count, a.name) > (b.issued.count, b.name)
            case "name": a.name < b.name
            default: (outliers.contains(a.deviceID) ? 1 : 0, share(a), a.name) > (outliers.contains(b.deviceID) ? 1 : 0, share(b), b.name)
            }
        }
        let rows: [[String: Any]] = shown.map { device in
            [
                "id": device.deviceID.rawValue, "name": device.name, "zone": device.primaryZone,
                "issued": "\(device.issued.count)", "issuedAmount": view.money(device.issued.amount),
                "paid": "\(device.paid.count)", "unpaid": "\(device.unpaid.count)",
                "unpaidAmount": view.money(device.unpaid.amount),
                "unpaidShare": device.issued.count == 0 ? "—" : "\(Int((share(device) * 100).rounded())) %",
                "cancelled": "\(device.cancelled.count)", "gaps": "\(device.missingSequenceNumbers)",
                "complaints": "\(device.substantiatedComplaints)", "outlier": outliers.contains(device.deviceID),
                "voids": "\(device.ticketsVoided)",
            ]
        }
        let sorts = ["unpaidShare", "gaps", "issued", "name"].map { key -> [String: Any] in
            ["value": key, "label": view.text("sort.\(key)"), "selected": key == sort]
        }
        return ["activity": rows, "leakDate": date.description, "sorts": sorts]
    }

    func enrol(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        guard let staff = context.staff, staff.role == .admin || staff.role == .supervisor else {
            throw APIError.forbidden("only administrators and supervisors enrol devices")
        }
        let form = try await ConsoleForm.read(request)
        let name = form.trimmed("name") ?? ""
        guard let role = form.trimmed("role").flatMap(Device.Role.init(rawValue:)),
            staff.role == .admin || role == .attendant
        else {
            return try await page(request, context, message: ("bad", "role"), status: .badRequest)
        }
        let zones = form.values("zone")
        let known = services.configuration.zones.map(\.id.rawValue)
        if let unknown = zones.first(where: { !known.contains($0) }) {
            return try await page(request, context, message: ("bad", "zone \(unknown.prefix(40))"), status: .badRequest)
        }
        if staff.role == .supervisor, !staff.zones.isEmpty,
            zones.isEmpty || !Set(zones).isSubset(of: staff.zones)
        {
            throw APIError.forbidden("a supervisor enrols handhelds only in their own zones")
        }
        let (device, token): (Device, String)
        do {
            (device, token, _) = try await DeviceRoutes.enrol(
                name: name, role: role, zones: zones, actor: staff.actor, services: services)
        } catch let error as LedgerError where error.code == .invalidField {
            return try await page(request, context, message: ("bad", error.message), status: .badRequest)
        }
        let uri = Self.enrolmentURI(base: services.web.publicBase, token: token)
        let matrix = try QRMatrix(payload: uri)
        let png = try matrix.png(scale: 4)
        context.logger.info("device enrolled", metadata: ["enrolled": "\(device.id)", "by": "\(staff.id)"])
        return try await page(
            request, context,
            enrolled: [
                "id": device.id.rawValue, "name": device.name, "uri": uri, "qr": Data(png).base64EncodedString(),
                "qrSize": "\(matrix.sizeWithQuietZone * 4)",
            ], status: .created)
    }

    func revoke(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let id = Device.ID(try context.parameters.require("id"))
        guard let device = try await services.store.device(id: id), Self.covers(staff, device) else {
            throw APIError.notFound("device \(id.rawValue.prefix(40))")
        }
        guard Self.mayRevoke(staff, device) else { throw APIError.forbidden("this role may not revoke \(id)") }
        let form = try await ConsoleForm.read(request)
        guard let reason = form.trimmed("reason") else {
            return try await page(request, context, message: ("bad", "reason"), status: .badRequest)
        }
        let revoked = try await services.store.revokeDevice(
            id, reason: String(reason.prefix(200)), actor: staff.actor, at: services.now())
        services.deviceCache.forget(revoked.id)
        return try await page(request, context, message: ("ok", "\(revoked.name) (\(revoked.id))"))
    }
}
