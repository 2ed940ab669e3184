import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Building responses: JSON with a status, raw bytes with a media type, HTML.
enum APIResponse {
    /// A JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return bytes(Array(try encoder.encode(value)), mediaType: "application/json; charset=utf-8", status: status)
    }

    /// The body of an issued (or found) ticket or invoice, written without `JSONEncoder`.
    static func issue(_ response: IssueResponse, status: HTTPResponse.Status = .ok) -> Response {
        bytes(response.jsonBytes(), mediaType: "application/json; charset=utf-8", status: status)
    }

    /// A response of raw bytes.
    static func bytes(_ bytes: [UInt8], mediaType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = mediaType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An HTML page.
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(page.utf8), mediaType: "text/html; charset=utf-8", status: status)
    }

    /// Whether the client asked for HTML (`Accept: text/html`, as browsers send).
    static func wantsHTML(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").lowercased().contains("text/html")
    }
}
