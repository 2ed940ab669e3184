import Foundation
import Testing

@testable import Acquirer

@Suite("An acquirer profile with a key the profile does not know is refused by its path")
struct ProfileUnknownKeyTests {
    @Test(
        "a misspelt key at the top and in notify",
        arguments: [
            // A key added next to the real one: the profile still decodes, so only the key check refuses.
            (#""confirmWithQuery""#, #""confirmWithQuerry": true, "confirmWithQuery""#, "notify.confirmWithQuerry"),
            (#""merchantId""#, #""merchantID": "X", "merchantId""#, "merchantID"),
        ])
    func misspelt(original: String, misspelt: String, path: String) throws {
        var text = try String(contentsOfFile: Fixtures.path("test-profile.json"), encoding: .utf8)
        let range = try #require(text.range(of: original))
        text.replaceSubrange(range, with: misspelt)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-profile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("test-profile.json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: AcquirerError.self) { _ = try AcquirerProfile.load(path: file) }
        #expect(error?.field == path, "\(String(describing: error))")
    }
}
