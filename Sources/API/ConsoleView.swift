import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Ledger
import Mustache

/// Renders console pages: a page body from its template, inside the one layout, with the words of
/// the request's language, the menu of the staff member's role and the security headers.
struct ConsoleView {
    /// The parsed templates (parsed once; a template error is a programming error caught by the tests).
    static let library = MustacheLibrary.parsing([
        ("layout", ConsoleTemplates.layout), ("login", ConsoleTemplates.login),
        ("message", ConsoleTemplates.message), ("password", ConsoleTemplates.password),
        ("setPassword", ConsoleTemplates.setPassword), ("staff", ConsoleTemplates.staff),
        ("tariffs", ConsoleTemplates.tariffs), ("home", ConsoleHomeTemplate.body),
        ("devices", ConsoleDeviceTemplates.list),
        ("settlements", ConsoleSettlementTemplates.list), ("settlementReport", ConsoleSettlementTemplates.report),
        ("exceptions", ConsoleExceptionTemplates.list),
        ("exception", ConsoleExceptionTemplates.detail),
        ("day", ConsoleExceptionTemplates.day),
        ("complaints", ConsoleComplaintTemplates.list), ("complaint", ConsoleComplaintTemplates.detail),
    ])

    /// One item of the menu.
    struct NavItem {
        let key: String
        let href: String
        let roles: Set<StaffMember.Role>
    }

    /// The menu, in order; each page appears for the roles that may open it.
    static let navigation: [NavItem] = [
        NavItem(key: "home", href: "/console", roles: Set(StaffMember.Role.allCases)),
        NavItem(key: "devices", href: "/console/devices", roles: [.admin, .supervisor, .auditor]),
        NavItem(key: "settlements", href: "/console/settlements", roles: [.finance, .auditor, .admin]),
        NavItem(key: "exceptions", href: "/console/exceptions", roles: ConsoleExceptionRoutes.readers),
        NavItem(key: "complaints", href: "/console/complaints", roles: ConsoleComplaintRoutes.readers),
        NavItem(key: "days", href: "/console/days", roles: ConsoleDayRoutes.readers),
        NavItem(key: "tariffs", href: "/console/tariffs", roles: Set(StaffMember.Role.allCases)),
        NavItem(key: "staff", href: "/console/staff", roles: [.admin]),
        NavItem(key: "password", href: "/console/password", roles: Set(StaffMember.Role.allCases)),
    ]

    let language: ConsoleText.Language
    let city: CityConfiguration
    let staff: StaffMember?
    let csrf: String?
    let path: String

    /// The view of a request: its language (`?lang=` first, then the session's), staff member and path.
    init(request: Request, context: LunasRequestContext, city: CityConfiguration) {
        let session = context.sessions.session
        let query = request.uri.queryParameters.get("lang").flatMap(ConsoleText.Language.init(rawValue:))
        language = query ?? session?.language.flatMap(ConsoleText.Language.init(rawValue:)) ?? .id
        self.city = city
        staff = context.staff
        csrf = session?.csrf
        path = request.uri.path
    }

    var t: [String: String] { ConsoleText.table(language) }

    /// A text in the view's language.
    func text(_ key: String) -> String { ConsoleText.text(key, language) }

    /// The label of a role.
    func roleLabel(_ role: StaffMember.Role) -> String { text("role.\(role.rawValue)") }

    /// An amount as `Rp1.234.567`.
    func money(_ amount: Rupiah) -> String { amount.formatted }

    /// An instant in the city's zone with its label (`2026-12-06 14:05 WIT`).
    func time(_ date: Date) -> String {
        let zone = city.city.timeZone
        return zone.local(date).date.description + " " + zone.formatTime(date)
    }

    /// A full page: `template` rendered with `values` (plus `t`, `csrf`, `lang`) inside the layout.
    func page(
        _ template: String, title: String, values: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["t"] = t
        values["csrf"] = csrf ?? ""
        values["lang"] = language.rawValue
        values["langQuery"] = language == .en ? "?lang=en" : ""
        let body = Self.library.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "t": t, "lang": language.rawValue, "title": title, "style": ConsoleTemplates.style, "body": body,
            "city": city.city.name, "zoneLabel": city.city.timeZone.label,
            "switchHref": path + (language == .en ? "?lang=id" : "?lang=en"),
            "switchLang": language == .en ? "id" : "en",
        ]
        if let staff {
            layout["signedIn"] = true
            layout["staffName"] = staff.name
            layout["roleLabel"] = roleLabel(staff.role)
            layout["csrf"] = csrf ?? ""
            layout["nav"] = Self.navigation.filter { $0.roles.contains(staff.role) }.map { item -> [String: Any] in
                let current = item.href == "/console" ? path == "/console" : path.hasPrefix(item.href)
                return ["href": item.href, "label": text(item.key), "current": current]
            }
        }
        let html = Self.library.render(layout, withTemplate: "layout") ?? ""
        return Self.response(html, status: status)
    }

    /// A page with one message (errors, refusals, confirmations).
    func message(
        heading: String, text: String, kind: String = "bad", detail: String? = nil, status: HTTPResponse.Status
    ) -> Response {
        var values: [String: Any] = ["heading": heading, "text": text, "kind": kind]
        if let detail { values["detail"] = detail }
        return page("message", title: heading, values: values, status: status)
    }

    /// An HTML response with the console's security headers.
    static func response(_ html: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 to `location`.
    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
