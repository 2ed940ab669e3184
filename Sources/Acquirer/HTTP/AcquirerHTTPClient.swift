import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends ``SNAPHTTPRequest``s over HTTP with AsyncHTTPClient: the one file of the module that
/// touches the network. Everything else builds and reads bytes.
///
/// The method, headers and body bytes go out exactly as built (the body is what was signed); the
/// answer's status, headers and body bytes come back unchanged. A call that gets no answer fails
/// with `http.timeout` (the deadline passed: the request may have landed) or `http.unreachable`
/// (the connection failed), which ``GenerateRetryRule`` reads as `.timeout` / `.connectionLost`.
public struct AcquirerHTTPClient: Sendable {
    /// The deadline of one exchange.
    public let timeout: Duration
    /// The largest answer body read, in bytes.
    public let maximumBodyBytes: Int
    private let client: HTTPClient

    /// Creates a client on the module's process-wide AsyncHTTPClient (no shutdown needed): no
    /// redirects (a signed SNAP call must reach the path it was signed for), no decompression, and a
    /// 3 s connect timeout so an acquirer that is down is reported within seconds.
    public init(timeout: Duration = .seconds(10), maximumBodyBytes: Int = 4 << 20) {
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
        self.client = sharedAcquirerHTTPClient
    }

    /// Sends `request` to `baseURL` + ``SNAPHTTPRequest/path``.
    /// - Throws: ``AcquirerError`` `http.timeout`, `http.unreachable` or `http.invalidURL`.
    public func send(_ request: SNAPHTTPRequest, baseURL: String) async throws(AcquirerError) -> SNAPHTTPResponse {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return try await send(request, url: trimmed + request.path)
    }

    /// Sends `request` to an absolute URL (its ``SNAPHTTPRequest/path`` is not used).
    /// - Throws: ``AcquirerError`` `http.timeout`, `http.unreachable` or `http.invalidURL`.
    public func send(_ request: SNAPHTTPRequest, url: String) async throws(AcquirerError) -> SNAPHTTPResponse {
        guard HTTPURL.parse(url) != nil else {
            throw AcquirerError(.invalidURL, "'\(url)' is not an http or https URL", field: "url")
        }
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty || outgoing.method == .POST {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let (seconds, attoseconds) = timeout.components
        let deadline = TimeAmount.milliseconds(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: deadline)
            let body = try await response.body.collect(upTo: maximumBodyBytes)
            let headers = HeaderFields(response.headers.map { (name: $0.name, value: $0.value) })
            return SNAPHTTPResponse(
                status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw AcquirerError(.httpTimeout, "no answer from \(url) within \(timeout)", cause: error)
        } catch {
            throw AcquirerError(.httpUnreachable, "cannot reach \(url): \(error)", cause: error)
        }
    }

    /// How a failed or answered call looks to ``GenerateRetryRule``.
    public static func outcome(of result: Result<SNAPHTTPResponse, AcquirerError>) -> GenerateRetryRule.Outcome {
        switch result {
        case .success(let response):
            let code = try? SNAPCoding.decode(SNAPResult.self, from: response.body, what: "answer").responseCode
            return .answered(httpStatus: response.status, responseCode: code)
        case .failure(let error):
            return error.code == .httpTimeout ? .timeout : .connectionLost
        }
    }
}

/// One HTTP client for the process, never shut down (like `HTTPClient.shared`, whose configuration
/// would follow redirects).
private let sharedAcquirerHTTPClient: HTTPClient = {
    let configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3), read: .seconds(30)),
        decompression: .disabled)
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()

extension AcquirerError.Code {
    /// No answer within the deadline (the request may have landed).
    public static let httpTimeout = Self("http.timeout")
    /// The connection failed; no answer.
    public static let httpUnreachable = Self("http.unreachable")
    /// A URL that is not http(s).
    public static let invalidURL = Self("http.invalidURL")
}
