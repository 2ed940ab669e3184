import Foundation
import Testing

@testable import Reconciliation

/// The copied fixtures (see `Fixtures/README.md`).
func fixture(_ path: String) throws -> URL {
    let base = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let url = base.appendingPathComponent(path)
    #expect(FileManager.default.fileExists(atPath: url.path), "missing fixture \(path)")
    return url
}

/// The repository root (for `Config/`).
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A fresh temporary directory, removed by the caller's `defer`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-recon-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a file in `directory`.
@discardableResult
func write(_ text: String, to name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// A valid CSV profile with the generator's columns.
func generatorProfile() throws -> SettlementProfile {
    try SettlementProfile(json: Data(SettlementFixtureGenerator.profileJSON.utf8))
}

/// Expects `body` to throw a ``ReconciliationError`` and returns it.
func expectReconciliationError(
    _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> ReconciliationError? {
    do {
        try body()
        Issue.record("expected a ReconciliationError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as ReconciliationError {
        return error
    } catch {
        Issue.record("expected a ReconciliationError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
