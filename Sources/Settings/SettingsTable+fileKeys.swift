import Foundation
import Ledger

extension SettingsTable {
    /// Refuses a key in the configuration file that no reader owns: an unknown top-level section,
    /// or a key inside a settings section that is not a setting (`http.prot`), so a misspelt
    /// setting never silently falls back to its default. Read with the Ledger's one strict reader
    /// (``ConfigObject``).
    /// - Throws: ``SettingsError`` `settings.unknownKey` naming the key's JSON path and the file;
    ///   `settings.invalidValue` for a setting given an object or a list.
    public func checkOwnedKeys(in data: Data, file: String) throws {
        let failure: ConfigObject.Failure = { message, field in
            SettingsError(.unknownKey, message, field: field)
        }
        let known = settings.filter(\.inConfigFile).map(\.key)
        let owned = sectionsOwnedElsewhere
        func walk(_ value: ConfigValue, path: String) throws {
            let children = Set(
                known.compactMap { key -> String? in
                    let prefix = path.isEmpty ? "" : path + "."
                    guard key.hasPrefix(prefix) else { return nil }
                    return key.dropFirst(prefix.count).split(separator: ".").first.map(String.init)
                })
            let allowed = path.isEmpty ? children.union(owned) : children
            let object = try ConfigObject(
                value, context: "configuration file \(file)" + (path.isEmpty ? "" : " \(path)"), path: path,
                allowed: allowed, failure: failure)
            for (key, child) in object.members where !(path.isEmpty && owned.contains(key)) {
                let childPath = path.isEmpty ? key : path + "." + key
                guard known.contains(childPath) else {
                    try walk(child, path: childPath)
                    continue
                }
                switch child {
                case .object, .array:
                    // swift-configuration would read a non-scalar as "not set" and use the default.
                    let kind = if case .object = child { "an object" } else { "a list" }
                    throw SettingsError(
                        .invalidValue,
                        "invalid setting \(childPath) in the configuration file \(file): expected a single value, not "
                            + kind, field: childPath)
                default: continue
                }
            }
        }
        try walk(try ConfigValue.parse(data, what: "configuration file \(file)", failure: failure), path: "")
    }
}
