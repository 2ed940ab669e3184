import Foundation

/// A parsed JSON value, used to read configuration files strictly (unknown keys are errors).
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double, integer: Int64?)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue], order: [String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(Double(value), integer: value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value, integer: nil)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let object = try container.decode([String: JSONValue].self)
            self = .object(object, order: object.keys.sorted())
        }
    }

    /// Parses a whole document, naming `what` in the error.
    static func parse(_ data: Data, what: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ReconciliationError(.configInvalid, "\(what) is not valid JSON: \(error)", cause: error)
        }
    }
}

/// Reads the members of a JSON object, rejecting unknown keys by name.
struct StrictObject {
    let members: [String: JSONValue]
    let context: String
    let code: ReconciliationError.Code

    init(_ value: JSONValue, context: String, code: ReconciliationError.Code, allowed: Set<String>) throws {
        guard case .object(let members, _) = value else {
            throw ReconciliationError(code, "\(context) must be a JSON object")
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw ReconciliationError(
                code, "\(context): unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))",
                field: key)
        }
        self.members = members
        self.context = context
        self.code = code
    }

    func fail(_ key: String, _ what: String) -> ReconciliationError {
        ReconciliationError(code, "\(context): key \"\(key)\" \(what)", field: key)
    }

    func has(_ key: String) -> Bool {
        if case .some(.null) = members[key] { return false }
        return members[key] != nil
    }

    func string(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw fail(key, "must be a string")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw fail(key, "is required") }
        return value
    }

    func int(_ key: String) throws -> Int64? {
        switch members[key] {
        case nil, .null?: return nil
        case .number(_, let integer?)?: return integer
        default: throw fail(key, "must be a whole number")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw fail(key, "must be true or false")
        }
    }
}
