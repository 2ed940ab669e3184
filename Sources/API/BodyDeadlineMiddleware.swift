import HTTPTypes
import Hummingbird

/// Reads a request's body within a deadline, so a client that trickles its body a byte at a time
/// (each byte resetting the connection's idle timeout) cannot hold a connection, and with it a
/// share of `http.maxConnections` and the server's shutdown, for as long as it likes.
///
/// Every body but a settlement upload (streamed to disk under its own limit, behind a finance
/// token) is at most ``maximumBytes``: the middleware collects it before the route runs and hands
/// the route the bytes. A body that has not arrived within the deadline answers
/// `408 request.timeout` with `Connection: close`; the route never runs and nothing is written.
struct BodyDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The longest any body may take to arrive.
    let deadline: Duration
    /// The largest body read here (a notify's 64 KiB; JSON routes allow less and check again).
    static var maximumBytes: Int { 64 * 1024 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.hasBody(request), !Self.isSettlementUpload(request) else { return try await next(request, context) }
        var request = request
        let body = request.body
        let deadline = deadline
        let collected: ByteBuffer? = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: Self.maximumBytes)
                } catch {
                    // Past the limit (the only way collecting fails while the client is still there).
                    throw APIError(
                        .contentTooLarge, "request.tooLarge", "the body is larger than \(Self.maximumBytes) bytes")
                }
            }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let collected else {
            var error = APIError(
                .requestTimeout, "request.timeout",
                "the request body did not arrive within \(deadline.components.seconds) s; nothing was done")
            error.closesConnection = true
            throw error
        }
        request.body = RequestBody(buffer: collected)
        return try await next(request, context)
    }

    /// Whether the request announces a body (a length above zero, or chunked).
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// `POST /api/v1/settlements`, whose body is the bank's file.
    static func isSettlementUpload(_ request: Request) -> Bool {
        request.method == .post && request.uri.path == "/api/v1/settlements"
    }
}
