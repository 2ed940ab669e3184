import API
import Foundation
import Settings
import Testing

@Suite("lunas.json: every key has one owner; an unknown section or setting is refused by its path")
struct ConfigFileOwnershipTests {
    /// A copy of `Config/lunas.json` with `edit` applied, in a temporary directory.
    static func configFile(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-owned-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let original = try Data(contentsOf: URL(fileURLWithPath: APIFixture.configDirectory + "/lunas.json"))
        var root = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        edit(&root)
        let path = directory.appendingPathComponent("lunas.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func resolve(_ path: String) async throws -> ServerSettings {
        try await ServerSettings.resolve(commandLine: ["config.file": path], environment: [:])
    }

    @Test("the shipped file and one with a server section resolve")
    func knownKeys() async throws {
        let path = try Self.configFile { $0["http"] = ["port": 8123] }
        #expect(try await Self.resolve(path).port == 8123)
    }

    @Test(
        "an unknown top-level section, a misspelt setting and a nested unknown key are refused naming the path",
        arguments: [
            (#"{"htpp": {"port": 1}}"#, "htpp"), (#"{"http": {"prot": 1}}"#, "http.prot"),
            (#"{"http": {"port": {"value": 1}}}"#, "http.port.value"),
        ])
    func unknownKeys(extra: String, path: String) async throws {
        let added = try #require(try JSONSerialization.jsonObject(with: Data(extra.utf8)) as? [String: Any])
        let file = try Self.configFile { root in root.merge(added) { _, new in new } }
        do {
            _ = try await Self.resolve(file)
            Issue.record("\(path) was accepted")
        } catch let error as SettingsError {
            #expect(error.code == "settings.unknownKey" || error.code == "settings.invalidValue", "\(error)")
            #expect(error.field == path || path.hasPrefix(error.field ?? "-"), "\(error)")
        }
    }
}
