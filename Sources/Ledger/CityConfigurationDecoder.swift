import Foundation

/// Decodes one configuration file into a type, reporting problems with their JSON paths.
///
/// Besides what `JSONDecoder` checks, it rejects keys the type does not use: a misspelt
/// `dailyCAP` must not silently drop a regulation's cap. It finds them by re-encoding the decoded
/// value and comparing the key sets (keys whose value is `null` are ignored).
struct CityConfigurationDecoder {
    let directory: URL

    /// The label of a file in messages: the directory's name and the relative path (`Config/fees.json`).
    func label(_ relativePath: String) -> String {
        directory.lastPathComponent + "/" + relativePath
    }

    /// Reads a file; `nil` (and an issue unless `optional`) when it does not exist or cannot be read.
    func read(_ relativePath: String, optional: Bool = false, into problems: inout [CityConfigurationIssue]) -> Data? {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if !optional {
                problems.append(CityConfigurationIssue(file: label(relativePath), path: "", message: "file not found"))
            }
            return nil
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            problems.append(
                CityConfigurationIssue(file: label(relativePath), path: "", message: "cannot be read: \(error)"))
            return nil
        }
    }

    /// Decodes `T` from `data`, or from the value at `key` of the top-level object when given.
    func decode<T: Codable>(
        _ type: T.Type, from data: Data, file: String, key: String? = nil, into problems: inout [CityConfigurationIssue]
    ) -> T? {
        let raw: Any
        do {
            raw = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            problems.append(
                CityConfigurationIssue(file: file, path: "", message: "is not valid JSON: \(Self.describe(error))"))
            return nil
        }
        var node = raw
        var payload = data
        if let key {
            guard let object = raw as? [String: Any], let inner = object[key] else {
                problems.append(CityConfigurationIssue(file: file, path: key, message: "missing key"))
                return nil
            }
            node = inner
            guard let innerData = try? JSONSerialization.data(withJSONObject: inner, options: [.fragmentsAllowed])
            else {
                return nil
            }
            payload = innerData
        }
        let prefix = key ?? ""
        // Every number in Lunas configuration is a whole number (rupiah, minutes, percent), and
        // JSONDecoder reports a fraction without its path, so fractions are found here first.
        let fractions = Self.badNumbers(in: node, at: prefix)
        guard fractions.isEmpty else {
            problems += fractions.map { CityConfigurationIssue(file: file, path: $0.path, message: $0.message) }
            return nil
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let value: T
        do {
            value = try decoder.decode(T.self, from: payload)
        } catch let error as DecodingError {
            let (path, message) = Self.describe(error)
            problems.append(CityConfigurationIssue(file: file, path: Self.join(prefix, path), message: message))
            return nil
        } catch {
            problems.append(CityConfigurationIssue(file: file, path: prefix, message: "\(error)"))
            return nil
        }
        for path in ConfigKeys.unknown(in: node, known: Self.reencoded(value) ?? node, at: prefix) {
            problems.append(CityConfigurationIssue(file: file, path: path, message: "unknown key"))
        }
        return value
    }

    /// `value` encoded again, as `JSONSerialization` objects.
    static func reencoded(_ value: some Encodable) -> Any? {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let encoded = try? encoder.encode(value) else { return nil }
        return try? JSONSerialization.jsonObject(with: encoded, options: [.fragmentsAllowed])
    }

    /// Paths of numbers that are not whole or do not fit in 64 bits.
    static func badNumbers(in node: Any, at path: String) -> [(path: String, message: String)] {
        switch node {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key in badNumbers(in: object[key] ?? NSNull(), at: join(path, key)) }
        case let array as [Any]:
            return array.enumerated().flatMap { index, item in badNumbers(in: item, at: "\(path)[\(index)]") }
        case is Bool, is String, is NSNull:
            return []
        case let number as NSNumber:
            let value = number.doubleValue
            if value.rounded() != value {
                return [(path, "must be a whole number, got \(number)")]
            }
            if abs(value) >= 9.2e18 { return [(path, "must fit in 64 bits, got \(number)")] }
            return []
        default:
            return []
        }
    }

    static func join(_ path: String, _ key: String) -> String { ConfigKeys.join(path, key) }

    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return join(path, key.stringValue)
        }
    }

    static func describe(_ error: DecodingError) -> (path: String, message: String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (join(path(context.codingPath), key.stringValue), "missing key")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "expected \(friendly(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(friendly(type)), found null")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \(describe($0))" } ?? ""
            return (path(context.codingPath), context.debugDescription + underlying)
        @unknown default:
            return ("", "\(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
    }

    private static func friendly(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "\(type)"
        }
    }
}
