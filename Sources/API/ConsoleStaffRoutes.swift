import Foundation
import HTTPTypes
import Hummingbird
import Ledger

/// **Petugas** (`/console/staff`, administrators): the accounts, adding one (its one-time
/// set-password link is shown once), a new link, disabling, and the audit log of sign-ins and
/// account changes.
struct ConsoleStaffRoutes {
    let services: APIServices
    let directory: any StaffDirectory

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("staff") { request, context in try await page(request, context) }
        group.post("staff") { request, context in try await add(request, context) }
        group.post("staff/:id/link") { request, context in try await link(request, context) }
        group.post("staff/:id/disable") { request, context in try await disable(request, context) }
    }

    private var accounts: StaffAccounts {
        StaffAccounts(directory: directory, publicBase: services.web.publicBase, now: services.now)
    }

    func page(
        _ request: Request, _ context: LunasRequestContext, message: (String, String)? = nil, link: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: [.admin]) { return refusal }
        let members: [[String: Any]] = try await directory.staffMembers().map { member in
            [
                "id": member.id.rawValue, "name": member.name, "email": member.email,
                "role": view.roleLabel(member.role),
                "zones": member.zones.isEmpty ? view.text("allZones") : member.zones.joined(separator: ", "),
                "state": view.text(member.isActive ? "active" : "disabled"), "active": member.isActive,
            ]
        }
        let audit: [[String: Any]] = try await directory.staffAudit(limit: 200).map { entry in
            [
                "when": view.time(entry.at), "kind": entry.kind.rawValue, "email": entry.email ?? "",
                "address": entry.address ?? "", "actor": entry.actor ?? "", "detail": entry.detail ?? "",
            ]
        }
        var values: [String: Any] = [
            "members": members, "audit": audit,
            "roles": StaffMember.Role.allCases.map { ["value": $0.rawValue, "label": view.roleLabel($0)] },
        ]
        if let message { values["message"] = ["kind": message.0, "text": message.1] }
        if let link { values["link"] = link }
        return view.page("staff", title: view.text("staff"), values: values, status: status)
    }

    func add(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        guard let admin = context.staff, admin.role == .admin else { throw APIError.forbidden("administrators only") }
        let form = try await ConsoleForm.read(request)
        guard let role = form.trimmed("role").flatMap(StaffMember.Role.init(rawValue:)) else {
            return try await page(request, context, message: ("bad", "role: ?"), status: .badRequest)
        }
        let zones = (form["zones"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let known = Set(services.configuration.zones.map(\.id.rawValue))
        if let unknown = zones.first(where: { !known.contains($0) }) {
            return try await page(
                request, context, message: ("bad", "zones: \"\(unknown)\" ∉ \(known.sorted().joined(separator: ", "))"),
                status: .badRequest)
        }
        do {
            let created = try await accounts.add(
                email: form["email"] ?? "", name: form["name"] ?? "", role: role, zones: zones, password: nil,
                actor: admin.id.rawValue)
            return try await page(request, context, message: ("ok", created.member.email), link: created.link)
        } catch let error as LedgerError {
            return try await page(request, context, message: ("bad", error.message), status: .badRequest)
        }
    }

    func link(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        guard let admin = context.staff, admin.role == .admin else { throw APIError.forbidden("administrators only") }
        let id = StaffMember.ID(try context.parameters.require("id"))
        guard let member = try await directory.staffMember(id: id) else { throw APIError.notFound("staff member \(id)") }
        let link = try await accounts.issueLink(for: member, actor: admin.id.rawValue)
        return try await page(request, context, message: ("ok", member.email), link: link)
    }

    func disable(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        guard let admin = context.staff, admin.role == .admin else { throw APIError.forbidden("administrators only") }
        let id = StaffMember.ID(try context.parameters.require("id"))
        guard let member = try await directory.staffMember(id: id) else { throw APIError.notFound("staff member \(id)") }
        // Nobody disables themself, and the city keeps an administrator who can sign in.
        let admins = try await directory.staffMembers().filter { $0.role == .admin && $0.isActive }
        if member.id == admin.id || (member.role == .admin && admins.count <= 1) {
            let view = ConsoleView(request: request, context: context, city: services.configuration)
            return try await page(request, context, message: ("bad", view.text("cannotDisable")), status: .conflict)
        }
        let disabled = try await accounts.disable(email: member.email, actor: admin.id.rawValue)
        return try await page(request, context, message: ("ok", "\(disabled.email): \(disabled.isActive ? "" : "✕")"))
    }
}
