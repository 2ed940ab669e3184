import Foundation
import HTTPTypes
import Ledger

extension ServerSettings {
    /// The top-level sections of `Config/lunas.json` that other readers own: the city reader owns
    /// `city` (``CityConfiguration``), the acquirer link owns `acquirer` (``AcquirerLink``). Every
    /// other key belongs to the server settings table (``ServerSetting/all``).
    static let sectionsOwnedElsewhere: Set<String> = ["city", "acquirer"]

    /// Refuses a key in the configuration file that no reader owns: an unknown top-level section,
    /// or a key inside a server section that is not a setting (`http.prot`), so a misspelt setting
    /// never silently falls back to its default.
    /// - Throws: ``APIError`` `settings.unknownKey` naming the key's JSON path and the file;
    ///   `settings.invalidValue` for a setting given an object or a list.
    static func checkOwnedKeys(in data: Data, file: String) throws {
        let failure: ConfigObject.Failure = { message, field in
            APIError(.internalServerError, "settings.unknownKey", message, field: field)
        }
        let known = ServerSetting.all.filter(\.inConfigFile).map(\.key)
        func walk(_ value: ConfigValue, path: String) throws {
            let children = Set(
                known.compactMap { key -> String? in
                    let prefix = path.isEmpty ? "" : path + "."
                    guard key.hasPrefix(prefix) else { return nil }
                    return key.dropFirst(prefix.count).split(separator: ".").first.map(String.init)
                })
            let allowed = path.isEmpty ? children.union(sectionsOwnedElsewhere) : children
            let object = try ConfigObject(
                value, context: "configuration file \(file)" + (path.isEmpty ? "" : " \(path)"), path: path,
                allowed: allowed, failure: failure)
            for (key, child) in object.members where !(path.isEmpty && sectionsOwnedElsewhere.contains(key)) {
                let childPath = path.isEmpty ? key : path + "." + key
                guard known.contains(childPath) else {
                    try walk(child, path: childPath)
                    continue
                }
                switch child {
                case .object, .array:
                    // swift-configuration would read a non-scalar as "not set" and use the default.
                    throw APIError(
                        .internalServerError, "settings.invalidValue",
                        "invalid setting \(childPath) in the configuration file \(file): expected a single value, not "
                            + (child.isObject ? "an object" : "a list"), field: childPath)
                default: continue
                }
            }
        }
        try walk(try ConfigValue.parse(data, what: "configuration file \(file)", failure: failure), path: "")
    }
}

extension ConfigValue {
    /// Whether this is a JSON object.
    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
