import Foundation

/// A `multipart/form-data` form held in memory (RFC 7578): its parts in order, each with a `name`, an
/// optional `filename`, an optional media type and its body bytes. Read with ``MultipartReader`` (which
/// also streams a form whose file part is too large for memory) and written by ``encoded(boundary:)``.
///
/// Every malformed input is an ``APIError`` 400 whose code starts with `multipart.` and whose message
/// names what is wrong and the byte offset in the body.
public struct MultipartForm: Sendable, Equatable {
    /// What a part's headers say about it (RFC 7578 §4.2, §4.4).
    public struct PartHeader: Sendable, Equatable {
        /// The form field's name (`Content-Disposition: form-data; name="…"`).
        public var name: String
        /// The file name a browser sends for a file field, without any folder.
        public var filename: String?
        /// The part's `Content-Type` as sent (nil when absent: RFC 7578 §4.4 reads that as `text/plain`).
        public var contentType: String?

        /// Creates a header from its parts.
        public init(name: String, filename: String? = nil, contentType: String? = nil) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
        }

        /// The media type without parameters, lower-cased; `text/plain` when none was sent.
        public var mediaType: String {
            (contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "text/plain")
                .lowercased()
        }

        /// Reads a part's header lines (`Name: value`, unfolded); `offset` is where the block began.
        init(lines: [String], at offset: Int) throws {
            var disposition: String?
            var contentType: String?
            for line in lines {
                let colon = line.firstIndex(of: ":")!
                let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch field {
                case "content-disposition": disposition = value
                case "content-type": contentType = value
                default: continue  // RFC 7578 §4.8: other header fields are ignored
                }
            }
            guard let disposition else {
                throw MultipartForm.error(
                    "multipart.missingContentDisposition", "a part has no Content-Disposition header", at: offset)
            }
            let parameters = try MultipartForm.parameters(disposition, at: offset)
            guard parameters.value.lowercased() == "form-data" else {
                throw MultipartForm.error(
                    "multipart.malformedHeader",
                    "a part's Content-Disposition must be form-data, got \"\(parameters.value.prefix(40))\"", at: offset
                )
            }
            guard let name = parameters.parameters["name"] else {
                throw MultipartForm.error(
                    "multipart.missingName", "a part's Content-Disposition has no name parameter", at: offset)
            }
            self.init(name: name, filename: parameters.parameters["filename"], contentType: contentType)
        }
    }

    /// One part of a form.
    public struct Part: Sendable, Equatable {
        /// Its name, file name and media type.
        public var header: PartHeader
        /// Its body, exactly as sent.
        public var body: [UInt8]

        /// Creates a part.
        public init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
            header = PartHeader(name: name, filename: filename, contentType: contentType)
            self.body = body
        }

        /// The form field's name.
        public var name: String { header.name }
    }

    /// The parts in body order.
    public var parts: [Part]

    /// Creates a form from its parts.
    public init(parts: [Part]) { self.parts = parts }

    /// Reads a whole form held in memory.
    /// - Parameters:
    ///   - bytes: the request body.
    ///   - contentType: the request's `Content-Type` (``boundary(contentType:)``).
    /// - Throws: 400 `multipart.*` naming the byte offset.
    public init(bytes: some Collection<UInt8>, contentType: String, limits: MultipartReader.Limits = .init()) throws {
        var reader = try MultipartReader(boundary: try Self.boundary(contentType: contentType), limits: limits)
        var parts: [Part] = []
        let collect: (MultipartReader.Event) throws -> Void = { event in
            switch event {
            case .part(let header):
                parts.append(
                    Part(name: header.name, filename: header.filename, contentType: header.contentType, body: []))
            case .body(let bytes): parts[parts.count - 1].body.append(contentsOf: bytes)
            case .partEnd: break
            }
        }
        try reader.read(bytes, collect)
        try reader.finish(collect)
        self.parts = parts
    }

    /// The first part named `name`, if any.
    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The form as a body with `boundary`, and the `Content-Type` to send it with. Quotes, CR and LF in
    /// names and file names are percent-encoded, as browsers do (WHATWG HTML, "multipart/form-data encoding").
    /// - Throws: 400 `multipart.invalidBoundary` for a boundary RFC 2046 does not allow.
    public func encoded(boundary: String) throws -> (body: [UInt8], contentType: String) {
        try Self.validate(boundary: boundary)
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(escaped(part.name))\""
            if let filename = part.header.filename { head += "; filename=\"\(escaped(filename))\"" }
            if let type = part.header.contentType { head += "\r\nContent-Type: \(type)" }
            body += Array((head + "\r\n\r\n").utf8) + part.body + [0x0D, 0x0A]
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\"\(boundary)\"")
    }

    /// Whether `contentType` is `multipart/form-data` (any parameters).
    public static func isFormData(contentType: String) -> Bool {
        contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            == "multipart/form-data"
    }

    /// The boundary of a `multipart/form-data` `Content-Type` (quoted or a token, RFC 2046 §5.1.1, RFC 7578 §4.1).
    /// - Throws: 400 `multipart.notFormData`, `multipart.noBoundary` or `multipart.invalidBoundary`,
    ///   field `Content-Type`.
    public static func boundary(contentType: String) throws -> String {
        guard isFormData(contentType: contentType) else {
            throw APIError.badRequest(
                "multipart.notFormData",
                "the Content-Type must be multipart/form-data, got \"\(contentType.prefix(60))\"",
                field: "Content-Type")
        }
        let parsed = try parameters(contentType, at: 0, field: "Content-Type")
        guard let boundary = parsed.parameters["boundary"] else {
            throw APIError.badRequest(
                "multipart.noBoundary", "the Content-Type multipart/form-data has no boundary parameter",
                field: "Content-Type")
        }
        try validate(boundary: boundary)
        return boundary
    }

    /// RFC 2046 §5.1.1: 1 to 70 of `bchars` (letters, digits, `'()+_,-./:=?` and space), not ending in a space.
    static func validate(boundary: String) throws {
        let allowed = Set("'()+_,-./:=? ".utf8)
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " "),
            bytes.allSatisfy({
                allowed.contains($0) || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            })
        else {
            throw APIError.badRequest(
                "multipart.invalidBoundary",
                "a boundary is 1 to 70 letters, digits or '()+_,-./:=? and spaces, not ending in a space; got \"\(boundary.prefix(80))\"",
                field: "Content-Type")
        }
    }

    /// A header value's main value and its `;`-separated parameters (names lower-cased; values a token or a
    /// quoted string). Quoted strings follow RFC 2045 with `\` escapes in a `Content-Type`; in a
    /// `Content-Disposition` a quote ends the value, as browsers percent-encode quotes in names (WHATWG).
    static func parameters(
        _ text: String, at offset: Int, field: String? = nil
    ) throws -> (value: String, parameters: [String: String]) {
        let characters = Array(text.unicodeScalars)
        let escapes = field == "Content-Type"
        var index = 0
        func skipSpace() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        }
        func token() -> String {
            var result = String.UnicodeScalarView()
            while index < characters.count, !";=\"".unicodeScalars.contains(characters[index]) {
                result.append(characters[index])
                index += 1
            }
            return String(result).trimmingCharacters(in: .whitespaces)
        }
        func malformed(_ why: String) -> APIError {
            var error = MultipartForm.error("multipart.malformedHeader", "\(why) in \"\(text.prefix(80))\"", at: offset)
            if let field { error.field = field }
            return error
        }
        let value = token()
        var parameters: [String: String] = [:]
        while index < characters.count {
            guard characters[index] == ";" else { throw malformed("a parameter must follow \";\"") }
            index += 1
            skipSpace()
            if index == characters.count { break }
            let name = token().lowercased()
            guard !name.isEmpty, index < characters.count, characters[index] == "=" else {
                throw malformed("a parameter has no name or no \"=\"")
            }
            index += 1
            skipSpace()
            var parameter = String.UnicodeScalarView()
            if index < characters.count, characters[index] == "\"" {
                index += 1
                var closed = false
                while index < characters.count {
                    let character = characters[index]
                    index += 1
                    if character == "\"" {
                        closed = true
                        break
                    }
                    if escapes, character == "\\", index < characters.count {
                        parameter.append(characters[index])
                        index += 1
                    } else {
                        parameter.append(character)
                    }
                }
                guard closed else { throw malformed("a quoted parameter value is not closed") }
                skipSpace()
            } else {
                parameter = token().unicodeScalars
            }
            guard parameters[name] == nil else { throw malformed("the parameter \(name) is given twice") }
            parameters[name] = String(parameter)
        }
        return (value, parameters)
    }

    /// 400 with a `multipart.*` code, naming the byte offset; field `body`.
    static func error(_ code: String, _ message: String, at offset: Int) -> APIError {
        APIError.badRequest(code, "\(message) (at byte \(offset) of the body)", field: "body")
    }
}
