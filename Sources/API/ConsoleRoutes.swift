import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Issuing
import Ledger
import Logging

/// The staff console under `/console`: server-rendered pages in Indonesian (English with
/// `?lang=en`), under a session (cookie `lunas_session`), served by the same domain services as
/// the API. Routes that need no session: sign-in and set-password; the rest sit behind
/// ``ConsoleAuthMiddleware``.
struct ConsoleRoutes {
    let services: APIServices

    /// 503 when the store keeps no staff accounts.
    static let unavailable = APIError(
        .serviceUnavailable, "console.unavailable", "this ledger store keeps no staff accounts")

    /// The session cookie's name.
    static let cookieName = "lunas_session"
    /// The prefix of session keys in the store.
    static let keyPrefix = "console."

    func register(on router: Router<LunasRequestContext>) {
        guard let directory = services.staff else { return }
        let cookie = SessionCookieParameters(
            name: Self.cookieName, path: "/", secure: services.web.secureCookies, sameSite: .strict)
        let console = router.group("console")
            .add(middleware: ConsoleErrorMiddleware(services: services))
            .add(
                middleware: SessionMiddleware(
                    storage: LedgerSessionDriver(directory: directory, now: services.now),
                    configuration: .init(
                        sessionCookieParameters: cookie, keyPrefix: Self.keyPrefix,
                        defaultSessionExpiration: ConsoleSession.idleLimit)))
        let login = ConsoleLoginRoutes(services: services, directory: directory)
        login.registerPublic(on: console)
        let signedIn = console.group().add(middleware: ConsoleAuthMiddleware(services: services))
        login.registerSignedIn(on: signedIn)
        ConsoleStaffRoutes(services: services, directory: directory).register(on: signedIn)
        ConsoleDeviceRoutes(services: services).register(on: signedIn)
        ConsoleSettlementRoutes(services: services).register(on: signedIn)
        ConsoleHomeRoutes(services: services).register(on: signedIn)
        ConsoleExceptionRoutes(services: services).register(on: signedIn)
        ConsoleComplaintRoutes(services: services).register(on: signedIn)
        ConsoleDayRoutes(services: services).register(on: signedIn)
        signedIn.get("tariffs") { request, context in tariffs(request, context) }
    }

    /// **Tarif**: the tariffs in force with their legal basis (read only).
    func tariffs(_ request: Request, _ context: LunasRequestContext) -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        let publication = TariffPublication(services.configuration)
        let sets: [[String: Any]] = publication.tariffSets.map { set in
            [
                "name": set.name,
                "effective": set.effectiveFrom.description + (set.effectiveUntil.map { " – \($0)" } ?? ""),
                "basis": set.legalBasis.citation, "placeholder": set.legalBasis.placeholder,
                "rules": set.rules.map { ["name": $0.rule.name, "summary": $0.rule.summary(english: view.language == .en)] },
            ]
        }
        return view.page("tariffs", title: view.text("tariffs"), values: ["sets": sets])
    }
}

/// Renders every error under `/console` as a page (not the API's JSON): 403 and 404 with their
/// own words, the rest with the error's message; 500s hide their details, as the API does.
struct ConsoleErrorMiddleware: RouterMiddleware {
    typealias Context = LunasRequestContext
    let services: APIServices

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = APIErrorMiddleware<Context>.map(error, requestID: context.id)
            if mapped.status.code >= 500, mapped.status != .serviceUnavailable {
                context.logger.error("console request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            let view = ConsoleView(request: request, context: context, city: services.configuration)
            switch mapped.status {
            case .forbidden:
                return view.message(
                    heading: view.text("forbiddenTitle"), text: view.text("forbiddenText"), status: .forbidden)
            case .notFound:
                return view.message(
                    heading: view.text("notFoundTitle"), text: mapped.message, status: .notFound)
            default:
                return view.message(
                    heading: view.text("errorTitle"), text: mapped.message, detail: mapped.code, status: mapped.status)
            }
        }
    }
}

extension ConsoleView {
    /// A 403 page unless the signed-in member has one of `roles`.
    func refusal(unless roles: Set<StaffMember.Role>) -> Response? {
        guard let staff, roles.contains(staff.role) else {
            return message(heading: text("forbiddenTitle"), text: text("forbiddenText"), status: .forbidden)
        }
        return nil
    }

    /// The message a detail page shows above its record: the one an action hands it (`kind` `ok` or
    /// `bad`), else the confirmation that the redirect after a successful action names with
    /// `?done=` (one of `done`; its text is the key `prefix.done.<value>`), else none.
    func notice(
        _ given: (kind: String, text: String)?, _ request: Request, done: Set<String>, prefix: String
    ) -> [String: String]? {
        if let given { return ["kind": given.kind, "text": given.text] }
        guard let value = request.uri.queryParameters.get("done"), done.contains(value) else { return nil }
        return ["kind": "ok", "text": text("\(prefix).done.\(value)")]
    }
}
