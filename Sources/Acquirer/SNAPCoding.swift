import Foundation

/// JSON encoding and decoding of SNAP messages, with errors that name the field.
///
/// Bodies are encoded compactly with sorted keys, so the bytes are deterministic; they are signed
/// exactly as sent, so the order does not matter to the acquirer. Decoding first validates the JSON
/// with ``JSONMinifier`` (a malformed body is reported with its byte offset), then maps a missing or
/// mistyped field to an error that names the field path.
public enum SNAPCoding {
    /// Encodes a message as compact JSON bytes.
    public static func encode(_ message: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(message))
        } catch {
            // Lunas's message types hold only strings, numbers and nested messages: encoding cannot fail.
            preconditionFailure("encoding a SNAP message failed: \(error)")
        }
    }

    /// Decodes a message from JSON bytes.
    /// - Parameter what: what the body is, for messages (`generate QR request`).
    /// - Throws: ``AcquirerError`` `json.malformed`, `message.missingField`, `message.invalidField`,
    ///   or the message type's own error (`amount.fractionalRupiah`).
    public static func decode<Message: Decodable>(
        _ type: Message.Type,
        from bytes: some Collection<UInt8>,
        what: String
    ) throws(AcquirerError) -> Message {
        let data = Data(bytes)
        _ = try JSONMinifier.minify(data)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as AcquirerError {
            throw error
        } catch DecodingError.keyNotFound(let key, let context) {
            let field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw AcquirerError(.missingField, "\(what): mandatory field '\(field)' is missing", field: field)
        } catch DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw AcquirerError(.missingField, "\(what): mandatory field '\(field)' is null", field: field)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw AcquirerError(
                .invalidField, "\(what): field '\(field)' has the wrong type or format (\(context.debugDescription))",
                field: field)
        } catch {
            throw AcquirerError(.invalidField, "\(what): \(error)")
        }
    }
}

extension AcquirerError.Code {
    /// A mandatory message field or header is missing (SNAP 400xx02).
    public static let missingField = Self("message.missingField")
    /// A message field or header has the wrong type, length or format (SNAP 400xx01).
    public static let invalidField = Self("message.invalidField")
}
