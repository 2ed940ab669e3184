import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's body within a deadline, so a client that trickles its body a byte at a time
/// (each byte resetting the connection's idle timeout) cannot hold a connection, and with it a
/// share of `http.maxConnections` and the server's shutdown, for as long as it likes.
///
/// Every body but a settlement upload (streamed to disk under its own limit, behind a finance
/// token or a finance officer's console session) is at most ``maximumBytes``: the middleware collects it before the route runs and hands
/// the route the bytes. One timer on the connection's event loop guards the read: a body that has
/// not arrived when it fires has its connection closed; the route never runs and nothing is
/// written. (A timer rather than a task racing a sleep: it costs about a microsecond per request,
/// the race tens — `Benchmarks/http/run.sh 10`, issuance, server CPU per request, 2026-12-06.)
struct BodyDeadlineMiddleware: RouterMiddleware {
    typealias Context = LunasRequestContext

    /// The longest any body may take to arrive.
    let deadline: Duration
    /// The largest body read here (a notify's 64 KiB; JSON routes allow less and check again).
    static var maximumBytes: Int { 64 * 1024 }

    /// The largest body of `request`: a citizen's complaint (`POST /public/complaints`) may carry a
    /// photo of 2 MB, so it gets ``PublicComplaintRoutes/maximumBodyBytes`` (3 MiB); a handheld's
    /// offline sync (or an admin's upload of a handheld's records)
    /// ``OfflineRoutes/maximumSyncBytes`` (1 MiB, nginx's default body limit); every other body
    /// ``maximumBytes``.
    static func maximumBytes(for request: Request) -> Int {
        guard request.method == .post else { return maximumBytes }
        if OfflineRoutes.takesSyncBody(request.uri.path) { return OfflineRoutes.maximumSyncBytes }
        switch request.uri.path {
        case "/public/complaints": return PublicComplaintRoutes.maximumBodyBytes
        default: return maximumBytes
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.hasBody(request), !Self.isSettlementUpload(request), let channel = context.channel else {
            return try await next(request, context)
        }
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(deadline.components.seconds) * 1_000_000_000))
        {
            channel.close(promise: nil)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: Self.maximumBytes(for: request))
            timer.cancel()
        } catch {
            timer.cancel()
            guard channel.isActive else {
                // The timer closed the connection: nobody is left to answer.
                throw APIError(
                    .requestTimeout, "request.timeout",
                    "the request body did not arrive within \(deadline.components.seconds) s; the connection was closed")
            }
            throw APIError(
                .contentTooLarge, "request.tooLarge", "the body is larger than \(Self.maximumBytes(for: request)) bytes")
        }
        return try await next(request, context)
    }

    /// Whether the request announces a body (a length above zero, or chunked).
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// `POST /api/v1/settlements` and the console's upload form `POST /console/settlements`, whose body
    /// is the bank's file.
    static func isSettlementUpload(_ request: Request) -> Bool {
        request.method == .post
            && (request.uri.path == "/api/v1/settlements" || request.uri.path == "/console/settlements")
    }
}
