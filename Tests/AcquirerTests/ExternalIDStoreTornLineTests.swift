import Foundation
import Ledger
import Synchronization
import Testing

@testable import Acquirer

/// Issue 12, item 12: a torn last line of `external-ids.jsonl` (a crash during an append) is ignored with a
/// warning, never a refusal to start; the next append starts on a line of its own.
@Suite("X-EXTERNAL-ID store: torn last line")
struct ExternalIDStoreTornLineTests {
    final class Warnings: Sendable {
        let seen = Mutex<[JSONLinesFile.TornLine]>([])
        var all: [JSONLinesFile.TornLine] { seen.withLock { $0 } }
        var sink: @Sendable (JSONLinesFile.TornLine) -> Void { { torn in self.seen.withLock { $0.append(torn) } } }
    }

    @Test("a torn last line is ignored with a warning naming line and offset, and cut off before the next append")
    func tornLastLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-torn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("external-ids.jsonl").path
        let first = try await FileExternalIDStore(path: path).externalID(for: "generate:A", at: Instants.morning)
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // A crash in the middle of the second append: part of a record, no newline.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"day":"2026-11-23","externalID":"2026112300000000"#.utf8))
        try handle.close()

        let warnings = Warnings()
        let reopened = try FileExternalIDStore(path: path, warn: warnings.sink)
        let torn = try #require(warnings.all.first)
        #expect(torn.line == 2)
        #expect(torn.byteOffset == intact.count)
        #expect(torn.description.contains(path))
        #expect(try await reopened.externalID(for: "generate:A", at: Instants.morning) == first)

        let second = try await reopened.externalID(for: "generate:B", at: Instants.morning)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(String(decoding: intact, as: UTF8.self)))
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains("2026112300000000\"{"))
        let again = Warnings()
        let third = try FileExternalIDStore(path: path, warn: again.sink)
        #expect(again.all.isEmpty)
        #expect(await third.lastRecord(for: "generate:B")?.externalID == second)
    }
}
