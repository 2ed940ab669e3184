/// HTTP header fields in order, looked up without regard to case (RFC 9110 §5.1).
public struct HeaderFields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added.
    public private(set) var fields: [(name: String, value: String)]

    /// An empty set of fields.
    public init() { fields = [] }

    /// Fields from name–value pairs, in order.
    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    /// Fields from a dictionary literal, in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of a field, or `nil`.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// Sets a field, replacing every earlier value of the same name.
    public mutating func set(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lowered }
        fields.append((name: name, value: value))
    }

    /// Removes a field.
    public mutating func remove(_ name: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lowered }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HeaderFields, rhs: HeaderFields) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes the fields in order.
    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

/// An HTTP request as SNAP sees it, independent of any HTTP library: the HTTP adapter copies these
/// four parts to and from the wire unchanged (the body bytes are signed as they are).
public struct SNAPHTTPRequest: Sendable, Hashable {
    /// `POST` for every SNAP QRIS service.
    public var method: String
    /// The relative path, including any acquirer prefix, without query string.
    public var path: String
    /// The header fields.
    public var headers: HeaderFields
    /// The body bytes, exactly as sent (and signed).
    public var body: [UInt8]

    /// Creates a value from its fields.
    public init(method: String = "POST", path: String, headers: HeaderFields, body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as SNAP sees it: status, headers and the exact body bytes.
public struct SNAPHTTPResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The header fields.
    public var headers: HeaderFields
    /// The body bytes, exactly as sent (and signed).
    public var body: [UInt8]

    /// Creates a value from its fields.
    public init(status: Int, headers: HeaderFields = ["Content-Type": "application/json"], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The response for a SNAP result: HTTP status from the code, the code and message as the body.
    public init(_ result: SNAPResult) {
        self.init(status: result.responseCode.httpStatus, body: result.body)
    }

    /// A response with an encoded message as its body.
    public init(status: Int, message: some Encodable) {
        self.init(status: status, body: SNAPCoding.encode(message))
    }
}
