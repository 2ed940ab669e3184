import Hummingbird
import Logging

/// Logs every request's method and path at `info`; the query string too, except under
/// `/console`, whose queries can carry a one-time set-password token or a CSRF token, and under
/// `/public/complaints/`, whose `code` opens a citizen's complaint.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let shown = path.hasPrefix("/console") || path.hasPrefix("/public/complaints/") ? path : request.uri.description
        context.logger.info(
            "Request", metadata: ["hb.request.path": "\(shown)", "hb.request.method": "\(request.method.rawValue)"])
        return try await next(request, context)
    }
}
