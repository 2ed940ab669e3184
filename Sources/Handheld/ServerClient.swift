import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The handheld's HTTP calls to the Lunas server, with the device's bearer token.
///
/// "Online" means the server answers within ``onlineLimit`` (2 s): a connection that fails or an
/// answer that does not come in time throws ``Unreachable``, and so do 502, 503 and 504 (a proxy in
/// front of a server that is down). Every other answer, refusals included, is returned.
public struct ServerClient: Sendable {
    /// How long an action waits for the server before it is done offline.
    public static let onlineLimit: TimeAmount = .seconds(2)

    /// The server could not be reached in time (the request may still have landed: the same
    /// idempotency key then makes the offline record of the action a duplicate at sync).
    public struct Unreachable: Error, Sendable, CustomStringConvertible {
        /// What failed, without the token.
        public var description: String
    }

    /// The HTTP methods the handheld uses.
    public enum Method: String, Sendable {
        /// `GET`.
        case GET
        /// `POST`.
        case POST
        /// `PUT`.
        case PUT
    }

    /// An answer.
    public struct Answer: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The body.
        public var body: [UInt8]
        /// The body parsed as a JSON object, or nil.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
        /// Whether the status is 2xx.
        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// The server's base URL, e.g. `https://lunas.ambon.go.id`.
    public var baseURL: String
    /// The device's bearer token (a secret: never printed or logged).
    var token: String?

    /// Creates a client for a server.
    public init(baseURL: String, token: String?) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
    }

    /// Sends a request and waits at most `limit` for the whole answer.
    ///
    /// - Throws: ``Unreachable`` when there is no answer in time or a gateway error.
    public func send(
        _ method: Method, _ path: String, json body: [String: Any]? = nil, idempotencyKey: String? = nil,
        limit: TimeAmount = onlineLimit
    ) async throws -> Answer {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) }
        return try await send(method, path, jsonBytes: bytes, idempotencyKey: idempotencyKey, limit: limit)
    }

    /// Sends a request whose JSON body is already encoded.
    ///
    /// - Throws: ``Unreachable`` when there is no answer in time or a gateway error.
    public func send(
        _ method: Method, _ path: String, jsonBytes body: [UInt8]?, idempotencyKey: String? = nil,
        limit: TimeAmount = onlineLimit
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        } else if method == .POST || method == .PUT {
            request.body = .bytes(ByteBuffer())
        }
        do {
            let response = try await handheldHTTPClient.execute(request, timeout: limit)
            let bytes = try await response.body.collect(upTo: 16 << 20)
            let status = Int(response.status.code)
            if [502, 503, 504].contains(status) {
                throw Unreachable(description: "\(baseURL) answered \(status)")
            }
            return Answer(status: status, body: Array(bytes.readableBytesView))
        } catch let unreachable as Unreachable {
            throw unreachable
        } catch {
            throw Unreachable(
                description: "no answer from \(baseURL) within \(limit.nanoseconds / 1_000_000) ms: \(error)")
        }
    }
}

/// One HTTP client for the process, never shut down: no redirects (the token goes only where it
/// was told), a connect timeout inside the online limit, and no retried connection establishment:
/// a refused connection means offline at once, not after the limit (the action is then done
/// offline with the same key, so nothing is lost by not retrying).
private let handheldHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2), read: .seconds(60)),
        decompression: .disabled)
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()
