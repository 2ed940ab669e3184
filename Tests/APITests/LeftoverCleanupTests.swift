import Foundation
import Testing

/// A receipt key rotation or any atomic write cut short by `kill -9` leaves `.NAME.UUID.tmp` in the
/// data directory; the server's next start removes those older than ten minutes.
@Suite("lunas serve removes leftover temporary files at start")
struct LeftoverCleanupTests {
    @Test("an hour-old .receipt-signing-key.UUID.tmp is gone once the server has started; a fresh one stays")
    func startRemovesLeftovers() async throws {
        let fixture = try await APIFixture.make()
        let old = fixture.directory.appendingPathComponent(".receipt-signing-key.\(UUID().uuidString).tmp")
        let fresh = fixture.directory.appendingPathComponent(".receipt-signing-key.\(UUID().uuidString).tmp")
        for file in [old, fresh] { try Data("never used".utf8).write(to: file) }
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: old.path)
        try await fixture.live { _ in }
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: fresh.path))
    }
}
