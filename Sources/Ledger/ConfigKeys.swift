import Foundation

/// Finds the keys of a configuration file that a `Codable` type did not read, so a misspelt key
/// (`dailyCAP`, `confirmWithQuerry`) is refused by its JSON path instead of silently dropped: the
/// decoded value is encoded again and the two key trees are compared (keys whose value is `null`
/// are ignored). Together with ``ConfigObject`` (for files read member by member) it is the one
/// strict reading of configuration in Lunas.
public enum ConfigKeys {
    /// The JSON paths (`notify.confirmWithQuerry`, `rates[2].mxAmount`) of keys in `data` that
    /// `value`, decoded from it, does not carry.
    public static func unknown(in data: Data, decodedAs value: some Encodable, at path: String = "") -> [String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let raw = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let encoded = try? encoder.encode(value),
            let known = try? JSONSerialization.jsonObject(with: encoded, options: [.fragmentsAllowed])
        else { return [] }
        return unknown(in: raw, known: known, at: path)
    }

    /// Paths of keys in `raw` that have no counterpart in `known`.
    public static func unknown(in raw: Any, known: Any, at path: String) -> [String] {
        switch (raw, known) {
        case (let object as [String: Any], let knownObject as [String: Any]):
            return object.keys.sorted().flatMap { key -> [String] in
                let value = object[key] ?? NSNull()
                if value is NSNull { return [] }
                guard let knownValue = knownObject[key] else { return [join(path, key)] }
                return unknown(in: value, known: knownValue, at: join(path, key))
            }
        case (let array as [Any], let knownArray as [Any]):
            return zip(array, knownArray).enumerated().flatMap { index, pair in
                unknown(in: pair.0, known: pair.1, at: "\(path)[\(index)]")
            }
        default:
            return []
        }
    }

    /// `path.key`, or `key` at the top.
    static func join(_ path: String, _ key: String) -> String {
        if path.isEmpty { return key }
        if key.isEmpty || key.hasPrefix("[") { return path + key }
        return path + "." + key
    }
}
