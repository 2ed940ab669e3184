import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Ledger

/// Signing in and out, setting a password from a one-time link, and changing one's own password.
///
/// Sign-in failures are counted per (e-mail, client address) in the staff audit log: after 5 in
/// 15 minutes that pair answers 429 for the rest of the window without checking the password.
/// Failures for one account from many addresses slow its sign-ins down (up to 5 s) instead of
/// locking its owner out.
struct ConsoleLoginRoutes {
    let services: APIServices
    let directory: any StaffDirectory

    /// The lockout window.
    static let window: TimeInterval = 15 * 60
    /// Failures per (e-mail, address) in the window that lock the pair.
    static let pairLimit = 5
    /// Failures per e-mail from anywhere in the window past which sign-ins slow down.
    static let accountSlowdown = 10

    func registerPublic(on group: RouterGroup<LunasRequestContext>) {
        group.get("login") { request, context in
            let view = ConsoleView(request: request, context: context, city: services.configuration)
            if context.sessions.session != nil { return ConsoleView.redirect("/console") }
            var values: [String: Any] = [:]
            if request.uri.queryParameters.get("bye") != nil {
                values["message"] = ["kind": "ok", "text": view.text("loggedOut")]
            } else if request.uri.queryParameters.get("ended") != nil {
                values["message"] = ["kind": "warn", "text": view.text("sessionEnded")]
            } else if request.uri.queryParameters.get("set") != nil {
                values["message"] = ["kind": "ok", "text": view.text("passwordSetDone")]
            }
            return view.page("login", title: view.text("loginTitle"), values: values)
        }
        group.post("login") { request, context in try await login(request, context) }
        group.get("set-password") { request, context in try await setPasswordPage(request, context) }
        group.post("set-password") { request, context in try await setPassword(request, context) }
    }

    func registerSignedIn(on group: RouterGroup<LunasRequestContext>) {
        group.post("logout") { _, context in
            if let staff = context.staff {
                try await directory.appendStaffAudit(
                    StaffAuditEntry(
                        at: services.now(), kind: .logout, email: staff.email, staffID: staff.id,
                        address: context.clientAddress))
            }
            context.sessions.clearSession()
            return ConsoleView.redirect("/console/login?bye=1")
        }
        group.get("password") { request, context in
            let view = ConsoleView(request: request, context: context, city: services.configuration)
            return view.page("password", title: view.text("password"))
        }
        group.post("password") { request, context in try await changePassword(request, context) }
    }

    func login(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        let form = try await ConsoleForm.read(request)
        let email = String((form.trimmed("email") ?? "").lowercased().prefix(254))
        let password = form["password"] ?? ""
        let address = services.web.trustedProxies.clientAddress(
            peer: context.channel?.remoteAddress?.ipAddress, headers: request.headers)
        let now = services.now()
        let since = now.addingTimeInterval(-Self.window)
        func refuse(_ key: String, _ status: HTTPResponse.Status) -> Response {
            view.page(
                "login", title: view.text("loginTitle"),
                values: ["email": email, "message": ["kind": "bad", "text": view.text(key)]], status: status)
        }
        // A sign-in form posted from another site (login CSRF) is refused; browsers send Origin on POST.
        if let origin = request.headers[.origin], let host = request.head.authority,
            URL(string: origin)?.host.map({ host == $0 || host.hasPrefix($0 + ":") }) != true
        {
            throw APIError.forbidden("the sign-in form was posted from another site (Origin \(origin.prefix(60)))")
        }
        func locked() async throws -> Response? {
            guard try await directory.failedLogins(email: email, address: address, since: since) >= Self.pairLimit
            else { return nil }
            // Recorded once per pair and window: a locked pair's further attempts write nothing.
            if services.loginThrottle.shouldRecordLock(email: email, address: address, now: now, window: Self.window) {
                try await directory.appendStaffAudit(
                    StaffAuditEntry(at: now, kind: .loginLocked, email: email, address: address))
            }
            var response = refuse("loginLocked", .tooManyRequests)
            response.headers[.retryAfter] = "\(Int(Self.window))"
            return response
        }
        if let response = try await locked() { return response }
        // One password check at a time per client address (a few more wait): one address cannot fill
        // the bcrypt gate that every sign-in shares.
        guard await services.loginThrottle.begin(address) else {
            var response = refuse("loginBusy", .tooManyRequests)
            response.headers[.retryAfter] = "1"
            return response
        }
        defer { services.loginThrottle.end(address) }
        // Counted again once it is this attempt's turn: attempts that waited behind failures of the
        // same pair (a burst) must not each get a password check past the limit.
        if let response = try await locked() { return response }
        let accountFailures = try await directory.failedLogins(email: email, address: nil, since: since)
        if accountFailures >= Self.accountSlowdown {
            try await Task.sleep(for: .seconds(min(5, accountFailures / Self.accountSlowdown)))
        }
        let member = email.isEmpty ? nil : try await directory.staffMember(email: email)
        let matches = try await StaffPasswords.verify(String(password.prefix(128)), hash: member?.passwordHash)
        guard let member, matches, member.isActive else {
            let detail = member == nil ? "unknown account" : (member!.isActive ? "wrong password" : "account disabled")
            try await directory.appendStaffAudit(
                StaffAuditEntry(
                    at: now, kind: .loginFailed, email: email, staffID: member?.id, address: address, detail: detail))
            return refuse("loginFailed", .unauthorized)
        }
        try await directory.appendStaffAudit(
            StaffAuditEntry(at: now, kind: .loginSucceeded, email: email, staffID: member.id, address: address))
        let language = request.uri.queryParameters.get("lang").map { String($0) }
        context.sessions.createSession(
            ConsoleSession(staffID: member.id.rawValue, createdAt: now, language: language == "en" ? "en" : nil),
            expiresIn: ConsoleSession.idleLimit)
        return ConsoleView.redirect("/console")
    }

    func setPasswordPage(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        let token = request.uri.queryParameters.get("token").map { String($0) } ?? ""
        guard let member = try await owner(token) else { return Self.invalidLink(view) }
        return view.page(
            "setPassword", title: view.text("setPasswordTitle"), values: ["email": member.email, "token": token])
    }

    func setPassword(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        let form = try await ConsoleForm.read(request)
        let token = form["token"] ?? ""
        guard let member = try await owner(token) else { return Self.invalidLink(view) }
        let password = form["password"] ?? ""
        var problem: String?
        if password != form["repeat"] {
            problem = view.text("passwordsDiffer")
        } else {
            do { try StaffPasswords.check(password, email: member.email) } catch let error as APIError {
                problem = error.message
            }
        }
        if let problem {
            return view.page(
                "setPassword", title: view.text("setPasswordTitle"),
                values: ["email": member.email, "token": token, "message": ["kind": "bad", "text": problem]],
                status: .badRequest)
        }
        let hash = await StaffPasswords.hash(password)
        try await directory.setPassword(
            hash, for: member.id, tokenHash: StaffAccounts.tokenHash(token), keepSession: nil, now: services.now(),
            audit: StaffAuditEntry(at: services.now(), kind: .passwordChanged, email: member.email, staffID: member.id))
        return ConsoleView.redirect("/console/login?set=1")
    }

    func changePassword(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let form = try await ConsoleForm.read(request)
        let password = form["password"] ?? ""
        func answer(_ text: String, _ kind: String, _ status: HTTPResponse.Status) -> Response {
            view.page(
                "password", title: view.text("password"), values: ["message": ["kind": kind, "text": text]],
                status: status)
        }
        guard try await StaffPasswords.verify(String((form["current"] ?? "").prefix(128)), hash: staff.passwordHash)
        else {
            return answer(view.text("wrongCurrent"), "bad", .badRequest)
        }
        guard password == form["repeat"] else { return answer(view.text("passwordsDiffer"), "bad", .badRequest) }
        do { try StaffPasswords.check(password, email: staff.email) } catch let error as APIError {
            return answer(error.message, "bad", .badRequest)
        }
        let keep = request.cookies[ConsoleRoutes.cookieName].map {
            LedgerSessionDriver.hash(ConsoleRoutes.keyPrefix + String($0.value))
        }
        try await directory.setPassword(
            await StaffPasswords.hash(password), for: staff.id, tokenHash: nil, keepSession: keep,
            now: services.now(),
            audit: StaffAuditEntry(
                at: services.now(), kind: .passwordChanged, email: staff.email, staffID: staff.id,
                address: context.clientAddress))
        return answer(view.text("passwordSaved"), "ok", .ok)
    }

    /// The set-password page for a link whose token opens no account now: 404.
    private static func invalidLink(_ view: ConsoleView) -> Response {
        view.page(
            "setPassword", title: view.text("setPasswordTitle"),
            values: ["message": ["kind": "bad", "text": view.text("linkInvalid")]], status: .notFound)
    }

    /// The account a set-password token opens, if it is valid now.
    private func owner(_ token: String) async throws -> StaffMember? {
        guard (20...100).contains(token.count) else { return nil }
        return try await directory.passwordTokenOwner(hash: StaffAccounts.tokenHash(token), now: services.now())
    }
}
