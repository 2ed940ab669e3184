import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Ledger

/// Guards the signed-in part of the console: a live session of an active staff member (else 303 to
/// the sign-in page), the session's 12-hour limit and 30-minute idle limit, the language choice,
/// and the CSRF token of every POST (else 403, nothing changed).
///
/// A `application/x-www-form-urlencoded` POST carries the token as the field `csrf`; a
/// `multipart/form-data` POST to an upload route (``uploadPaths``; uploads are not read into memory
/// here) carries it in the query as `?csrf=`.
struct ConsoleAuthMiddleware: RouterMiddleware {
    typealias Context = LunasRequestContext

    let services: APIServices
    /// The routes that take a `multipart/form-data` upload, whose token is in the query (`?csrf=`);
    /// every other POST carries it in its body.
    static let uploadPaths: Set<String> = ["/console/settlements"]
    /// The largest URL-encoded form read to find its token.
    static let maximumFormBytes = 64 * 1024

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let directory = services.staff else { throw ConsoleRoutes.unavailable }
        let now = services.now()
        guard var session = context.sessions.session else {
            return ConsoleView.redirect("/console/login")
        }
        guard let member = try await directory.staffMember(id: StaffMember.ID(session.staffID)), member.isActive,
            !session.isPastAbsoluteLimit(now)
        else {
            context.sessions.clearSession()
            return ConsoleView.redirect("/console/login?ended=1")
        }
        var changed = false
        if let language = request.uri.queryParameters.get("lang").flatMap(ConsoleText.Language.init(rawValue:)),
            session.language != language.rawValue
        {
            session.language = language.rawValue
            changed = true
        }
        // Slide the idle limit, writing at most about once a minute per session.
        let remaining = context.sessions.withLockedSession { $0?.expiresIn } ?? .zero
        let target = session.slidingExpiry(now)
        if changed || target - remaining > .seconds(60) {
            _ = context.sessions.updateSession(session, expiresIn: target)
        }
        var context = context
        context.staff = member
        context.clientAddress = services.web.trustedProxies.clientAddress(
            peer: context.channel?.remoteAddress?.ipAddress, headers: request.headers)
        var request = request
        if request.method == .post {
            let token: String?
            if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true,
                Self.uploadPaths.contains(request.uri.path)
            {
                token = request.uri.queryParameters.get("csrf").map { String($0) }
            } else {
                let buffer = try await request.body.collect(upTo: Self.maximumFormBytes)
                token = ConsoleForm(buffer: buffer)["csrf"]
                request.body = .init(buffer: buffer)
            }
            guard let token, Self.constantTimeEqual(token, session.csrf) else {
                let view = ConsoleView(request: request, context: context, city: services.configuration)
                return view.message(heading: view.text("csrfTitle"), text: view.text("csrfText"), status: .forbidden)
            }
        }
        return try await next(request, context)
    }

    /// Compares two tokens in time that depends only on their lengths.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// The fields of an `application/x-www-form-urlencoded` body.
struct ConsoleForm {
    private var fields: [String: [String]] = [:]

    /// Parses a body; malformed percent-escapes keep their raw text.
    init(buffer: ByteBuffer) {
        let text = String(buffer: buffer)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty else { continue }
            fields[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// Reads a request's form (at most 64 KiB).
    static func read(_ request: Request) async throws -> ConsoleForm {
        ConsoleForm(buffer: try await request.body.collect(upTo: ConsoleAuthMiddleware.maximumFormBytes))
    }

    /// The first value of a field, or nil.
    subscript(_ name: String) -> String? { fields[name]?.first }

    /// Every value of a field (checkboxes), in order.
    func values(_ name: String) -> [String] { fields[name] ?? [] }

    /// The value of a field with surrounding spaces removed, or nil when absent or empty.
    func trimmed(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
