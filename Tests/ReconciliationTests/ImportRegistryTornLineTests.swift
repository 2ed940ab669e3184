import Foundation
import Ledger
import Synchronization
import Testing

@testable import Reconciliation

/// Issue 12, item 12: a torn last line of `settlement-imports.jsonl` (a crash during an append) is ignored
/// with a warning; a damaged complete line is still refused.
@Suite("Import registry: torn last line")
struct ImportRegistryTornLineTests {
    final class Warnings: Sendable {
        let seen = Mutex<[JSONLinesFile.TornLine]>([])
        var all: [JSONLinesFile.TornLine] { seen.withLock { $0 } }
        var sink: @Sendable (JSONLinesFile.TornLine) -> Void { { torn in self.seen.withLock { $0.append(torn) } } }
    }

    @Test("torn last line: read with a warning, then cut off by the next record")
    func tornLastLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try SettlementFixtureGenerator(count: 200, seed: 1, schedule: MDRSchedule(flatBasisPoints: 30)).write(to: dir)
        let file = try SettlementCSVReader(profile: try generatorProfile()).read(
            path: dir.appendingPathComponent("settlement.csv").path)
        let path = dir.appendingPathComponent("imports.jsonl").path
        #expect(try FileImportRegistry(path: path).register(file) == .new)
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"acquirer":"Bank Gen"#.utf8))
        try handle.close()

        let warnings = Warnings()
        let registry = FileImportRegistry(path: path, warn: warnings.sink)
        #expect(try registry.allImports().map(\.sha256) == [file.sha256])
        #expect(warnings.all.first?.line == 2)
        #expect(warnings.all.first?.byteOffset == intact.count)
        if case .alreadyImported = try registry.register(file) {
        } else {
            Issue.record("the same file must be alreadyImported")
        }
        var corrected = SettlementImport(file: file)
        corrected.sha256 = String(repeating: "a", count: 64)
        try registry.record(corrected)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "\(lines)")
        #expect(try FileImportRegistry(path: path).allImports().count == 2)
    }

    @Test("a complete line that does not parse is still refused, naming it")
    func damagedMiddleLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write("{\"sha256\": 1}\n{\"acquirer\"", to: "imports.jsonl", in: dir)
        let error = expectReconciliationError { _ = try FileImportRegistry(path: path, warn: { _ in }).allImports() }
        #expect(error?.code == .registry)
        #expect(error?.position?.line == 1)
    }
}
