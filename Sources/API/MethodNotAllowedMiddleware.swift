import HTTPTypes
import Hummingbird
import Synchronization

/// Answers `405 Method Not Allowed` with an `Allow` header for a known path asked with a method
/// it does not have (RFC 9110 §15.5.6), where the router alone would answer 404.
///
/// The router sends a request whose path or method matches no route through its not-found chain,
/// which ends in `HTTPError(.notFound)`; only then does this middleware look the path up in
/// ``RouteMethods``. Matched requests never reach that look-up, so it costs nothing on the hot path.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(forPath: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            throw APIError.methodNotAllowed(request.method.rawValue, path: request.uri.path, allowed: allowed)
        }
    }
}

/// The methods each route path of a router answers, filled in once the routes are registered.
///
/// Route paths are compared component by component: a `:name` or `{name}` parameter matches any one
/// component, a `*` wildcard any one, a `**` recursive wildcard the rest.
final class RouteMethods: Sendable {
    private struct Route: Sendable {
        var components: [String]
        var method: String
    }

    private let routes = Mutex<[Route]>([])

    /// Records the routes of a router (call after the last route is added).
    func record(_ entries: [(path: RouterPath, method: HTTPRequest.Method)]) {
        let recorded = entries.map { entry in
            Route(components: entry.path.components.map(\.description), method: entry.method.rawValue)
        }
        routes.withLock { $0 = recorded }
    }

    /// The methods of the routes whose path matches `path`, sorted.
    func methods(forPath path: String) -> [String] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let matching = routes.withLock { routes in
            routes.filter { Self.matches($0.components, components) }.map(\.method)
        }
        return Set(matching).sorted()
    }

    private static func matches(_ pattern: [String], _ components: [String]) -> Bool {
        var index = 0
        for part in pattern {
            if part == "**" { return true }
            guard index < components.count else { return false }
            let isParameter = part.hasPrefix(":") || (part.hasPrefix("{") && part.hasSuffix("}"))
            if !(isParameter || part == "*" || part == components[index]) { return false }
            index += 1
        }
        return index == components.count
    }
}
