import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// Reading JSON request bodies the one strict way: `Content-Type: application/json` (else 415),
/// at most ``maximumBodyBytes`` (else 413), well-formed JSON of the expected shape (else 400
/// naming the field). Nothing is written before a body has passed all three.
enum APIRequest {
    /// The largest request body accepted.
    static let maximumBodyBytes = 16 * 1024

    /// The `Idempotency-Key` header name.
    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

    /// `text` without leading and trailing spaces and tabs (HTTP's optional white space). Foundation's
    /// `trimmingCharacters(in:)` goes through `NSString` on Linux, a cost on every request.
    static func trimmingSpaces(_ text: Substring) -> String {
        let utf8 = text.utf8
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
            let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    /// Decodes a JSON body: a JSON object with only the members `T` declares (an unknown member is
    /// 400 `request.unknownField` naming it, so a misspelt optional field is never silently ignored).
    static func decode<T: APIRequestBody>(
        _ type: T.Type, from request: Request, maximumBytes: Int = maximumBodyBytes
    ) async throws -> T {
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { trimmingSpaces($0).lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(
                .unsupportedMediaType, "request.unsupportedMediaType",
                "the body must be Content-Type: application/json, got \"\(contentType.prefix(60))\"",
                field: "Content-Type")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBytes)
        } catch {
            throw APIError(
                .contentTooLarge, "request.tooLarge", "the body is larger than \(maximumBytes) bytes")
        }
        // Foundation's JSON scanner traps on some bodies nested past its limit (513 `[` and nothing
        // else crashes the server): such a body is refused before it reaches the decoder.
        guard !IdempotencyRequestBody.isNestedTooDeeply(buffer.readableBytesView) else {
            throw APIError.badRequest(
                "request.malformedJSON",
                "the body nests deeper than \(IdempotencyRequestBody.maximumNesting) levels")
        }
        do {
            return try JSONDecoder().decode(StrictBody<T>.self, from: Data(buffer.readableBytesView)).value
        } catch let error as DecodingError {
            throw describe(error)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("request.malformedJSON", "the body is not valid JSON")
        }
    }

    /// A 400 that names the field of a decoding error.
    static func describe(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String? {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key]) ?? key.stringValue
            return .badRequest("request.missingField", "\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest(
                "request.wrongType", "\(field ?? "the body") must be \(typeName(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest(
                "request.wrongType", "\(field ?? "the body") must be \(typeName(type)), got null", field: field)
        case .dataCorrupted(let context):
            if let field = path(context.codingPath) {
                return .badRequest("request.invalidValue", "\(field): \(context.debugDescription)", field: field)
            }
            return .badRequest("request.malformedJSON", "the body is not valid JSON")
        @unknown default:
            return .badRequest("request.malformedJSON", "the body is not valid JSON")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type: "an integer"
        default: "\(type)"
        }
    }

    /// The request's `Idempotency-Key`, prefixed with the device id so devices never collide.
    static func idempotencyKey(_ request: Request, deviceID: String) throws -> String {
        guard let key = request.headers[idempotencyKeyField], !key.isEmpty else {
            throw APIError.badRequest(
                "request.missingIdempotencyKey", "the Idempotency-Key header is required on create calls",
                field: "Idempotency-Key")
        }
        guard key.utf8.count <= 96, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest(
                "request.invalidIdempotencyKey",
                "Idempotency-Key must be 1–96 printable ASCII characters without spaces",
                field: "Idempotency-Key")
        }
        return "\(deviceID):\(key)"
    }
}

/// A JSON request body: a `Decodable` object whose member names are listed, so that
/// ``APIRequest/decode(_:from:)`` refuses any other member.
protocol APIRequestBody: Decodable {
    /// The member names the body may have (`/openapi.yaml` declares `additionalProperties: false`).
    static var fields: Set<String> { get }
}

/// Decodes `T` after checking that the object has no member `T` does not list.
private struct StrictBody<T: APIRequestBody>: Decodable {
    var value: T

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: Name.self)
        if let unknown = members.allKeys.first(where: { !T.fields.contains($0.stringValue) }) {
            let known = T.fields.sorted().joined(separator: ", ")
            throw APIError.badRequest(
                "request.unknownField",
                "unknown member \"\(unknown.stringValue.prefix(60))\"; this body takes only \(known)",
                field: String(unknown.stringValue.prefix(60)))
        }
        value = try T(from: decoder)
    }
}
