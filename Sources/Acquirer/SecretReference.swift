import Foundation

/// Where a secret lives: an environment variable or a file, never the profile JSON itself.
///
/// Written in a profile as `{"env": "LUNAS_BANK_CLIENT_SECRET"}` or `{"file": "keys/private.pem"}`
/// (a relative file path resolves against the profile's directory). Any other form, an inline
/// `"value"` above all, is refused when the profile loads.
public enum SecretReference: Sendable, Hashable, Codable, CustomStringConvertible {
    case environment(String)
    case file(String)

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case env, file
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let field = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        guard let keys = try? decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue) else {
            throw AcquirerError(
                .inlineSecret, "\(field) must be {\"env\": NAME} or {\"file\": PATH}; secrets are never written inline",
                field: field)
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if keys == ["env"] {
            self = .environment(try container.decode(String.self, forKey: .env))
        } else if keys == ["file"] {
            self = .file(try container.decode(String.self, forKey: .file))
        } else {
            throw AcquirerError(
                .inlineSecret,
                "\(field) must have exactly one key, env or file (found \(keys.sorted())); secrets are never written inline",
                field: field)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .environment(let name): try container.encode(name, forKey: .env)
        case .file(let path): try container.encode(path, forKey: .file)
        }
    }

    /// Reads the secret.
    /// - Parameters:
    ///   - directory: the directory relative file paths resolve against.
    ///   - environment: the process environment (injected for tests).
    ///   - name: what the secret is, for messages (`credentials.clientSecret`).
    /// - Throws: ``AcquirerError`` `profile.secretUnavailable` naming the variable or file, never the value.
    public func load(directory: String?, environment: [String: String], name: String) throws(AcquirerError) -> Secret {
        switch self {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw AcquirerError(
                    .secretUnavailable, "\(name): environment variable \(variable) is not set", field: name)
            }
            return Secret(value)
        case .file(let path):
            var resolved = path
            if let directory, !path.hasPrefix("/") { resolved = directory + "/" + path }
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw AcquirerError(.secretUnavailable, "\(name): cannot read file \(resolved)", field: name)
            }
            var bytes = Array(data)
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty else {
                throw AcquirerError(.secretUnavailable, "\(name): file \(resolved) is empty", field: name)
            }
            return Secret(bytes)
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): "env \(name)"
        case .file(let path): "file \(path)"
        }
    }
}

extension AcquirerError.Code {
    /// A profile writes a secret inline instead of naming where it lives.
    public static let inlineSecret = Self("profile.inlineSecret")
    /// A secret's environment variable or file is missing or empty.
    public static let secretUnavailable = Self("profile.secretUnavailable")
}
