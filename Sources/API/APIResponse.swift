import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Building responses: JSON with a status, raw bytes with a media type, HTML.
enum APIResponse {
    /// A JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(try jsonBytes(value), mediaType: jsonMediaType, status: status)
    }

    /// The JSON of API bodies: sorted keys, slashes unescaped.
    static func jsonBytes(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static let jsonMediaType = "application/json; charset=utf-8"
    static let htmlMediaType = "text/html; charset=utf-8"

    /// The body of an issued (or found) ticket or invoice, written without `JSONEncoder`.
    static func issue(_ response: IssueResponse, status: HTTPResponse.Status = .ok) -> Response {
        bytes(response.jsonBytes(), mediaType: jsonMediaType, status: status)
    }

    /// A response of raw bytes.
    static func bytes(_ bytes: [UInt8], mediaType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An HTML page: never framed by another site, never sniffed, and no referrer to leave with
    /// (a complaint's status page carries its access code in the address).
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = bytes(Array(page.utf8), mediaType: htmlMediaType, status: status)
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }

    /// Whether the client asked for HTML (`Accept: text/html`, as browsers send).
    static func wantsHTML(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").lowercased().contains("text/html")
    }
}
