import Foundation

/// A parsed JSON value: the one strict reader of configuration files (``ConfigObject`` on top of
/// it rejects unknown keys by name).
public enum ConfigValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double, integer: Int64?)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue], order: [String])

    public init(from decoder: any Decoder) throws {
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
        } else if let value = try? container.decode([ConfigValue].self) {
            self = .array(value)
        } else {
            let object = try container.decode([String: ConfigValue].self)
            self = .object(object, order: object.keys.sorted())
        }
    }

    /// Parses a whole document, naming `what` in the error.
    /// - Throws: what `failure` makes of the message `<what> is not valid JSON: …`.
    public static func parse(_ data: Data, what: String, failure: ConfigObject.Failure) throws -> ConfigValue {
        do {
            return try JSONDecoder().decode(ConfigValue.self, from: data)
        } catch {
            throw failure("\(what) is not valid JSON: \(error)", nil)
        }
    }
}

/// Reads the members of a JSON object of a configuration file, rejecting unknown keys by name.
///
/// Every module reads its configuration files through this type, so a misspelt key is refused the
/// same way everywhere; each module turns the message into its own error through ``Failure``.
public struct ConfigObject: Sendable {
    /// Makes a module's error from a message and the key it names (if any).
    public typealias Failure = @Sendable (_ message: String, _ field: String?) -> any Error

    /// The object's members.
    public let members: [String: ConfigValue]
    /// Where the object is, for messages: `MDR schedule mdr.json rates[2]`.
    public let context: String
    /// The object's JSON path in its file (`rates[2]`), which prefixes the field of every error.
    public let path: String
    let failure: Failure

    /// Reads `value` as an object whose keys are all in `allowed`.
    /// - Parameter path: the object's JSON path in its file (`rates[2]`; empty for the top level).
    /// - Throws: what `failure` makes of "not an object" or "unknown key … (allowed: …)".
    public init(
        _ value: ConfigValue, context: String, path: String = "", allowed: Set<String>,
        failure: @escaping Failure
    ) throws {
        self.context = context
        self.path = path
        self.failure = failure
        guard case .object(let members, _) = value else {
            throw failure("\(context) must be a JSON object", path.isEmpty ? nil : path)
        }
        self.members = members
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw failure(
                "\(context): unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))",
                field(key))
        }
    }

    /// The field name of `key` in errors: its JSON path in the file.
    public func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The error for a bad value at `key`.
    public func fail(_ key: String, _ what: String) -> any Error {
        failure("\(context): key \"\(key)\" \(what)", field(key))
    }

    public func has(_ key: String) -> Bool {
        if case .some(.null) = members[key] { return false }
        return members[key] != nil
    }

    public func string(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw fail(key, "must be a string")
        }
    }

    public func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw fail(key, "is required") }
        return value
    }

    public func int(_ key: String) throws -> Int64? {
        switch members[key] {
        case nil, .null?: return nil
        case .number(_, let integer?)?: return integer
        default: throw fail(key, "must be a whole number")
        }
    }

    public func bool(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw fail(key, "must be true or false")
        }
    }
}
