import Foundation
import Ledger
import Testing

/// What an atomic write leaves when its process dies between creating its temporary file and
/// renaming it, removed at the next `lunas serve` start (``PrivateFile/removeLeftovers(under:olderThan:now:)``).
@Suite("Leftover temporary files of atomic writes")
struct PrivateFileLeftoversTests {
    /// A file at `relative` under `root`, last changed `age` seconds ago.
    static func file(_ root: URL, _ relative: String, age: TimeInterval) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("seed".utf8).write(to: url)
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: url.path)
        return url.path
    }

    @Test("only old .NAME.UUID.tmp files go, in the folder and below; fresh ones and other names stay")
    func removesOnlyOldLeftovers() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-leftovers-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let uuid = UUID().uuidString
        let old = try Self.file(root, ".receipt-signing-key.\(uuid).tmp", age: 3600)
        let nested = try Self.file(root, "settlements/.index.json.\(UUID().uuidString).tmp", age: 3600)
        let kept = [
            try Self.file(root, ".receipt-signing-key.\(UUID().uuidString).tmp", age: 5),  // a write in progress
            try Self.file(root, ".notes.tmp", age: 3600),  // not ours: no UUID
            try Self.file(root, "receipt-signing-key.\(uuid).tmp", age: 3600),  // no leading dot
            try Self.file(root, ".\(uuid).tmp", age: 3600),  // no name before the UUID
            try Self.file(root, "receipt-signing-key", age: 3600),
        ]
        let removed = PrivateFile.removeLeftovers(under: root.path)
        #expect(Set(removed) == [old, nested])
        for path in kept { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(PrivateFile.removeLeftovers(under: root.appendingPathComponent("missing").path).isEmpty)
    }
}
