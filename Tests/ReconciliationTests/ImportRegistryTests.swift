import Ledger
import Foundation
import Testing

@testable import Reconciliation

@Suite struct ImportRegistryTests {
    func readGenerated(_ dir: URL, count: Int, seed: UInt64) throws -> SettlementFile {
        try SettlementFixtureGenerator(count: count, seed: seed, schedule: MDRSchedule(flatBasisPoints: 30)).write(to: dir)
        return try SettlementCSVReader(profile: try generatorProfile()).read(
            path: dir.appendingPathComponent("settlement.csv").path)
    }

    @Test func importingTwiceChangesNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try readGenerated(dir, count: 200, seed: 1)
        let registry = InMemoryImportRegistry()
        #expect(try registry.register(file) == .new)
        let again = try registry.register(file)
        guard case .alreadyImported(let first) = again else {
            Issue.record("expected alreadyImported, got \(again)")
            return
        }
        #expect(first.sha256 == file.sha256)
        #expect(try registry.allImports().count == 1)
    }

    @Test func correctedResendIsDetected() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try readGenerated(dir, count: 200, seed: 1)
        let corrected = try readGenerated(dir, count: 200, seed: 2)
        #expect(original.sha256 != corrected.sha256)
        let path = dir.appendingPathComponent("imports.jsonl").path
        #expect(try FileImportRegistry(path: path).register(original) == .new)
        // A new registry instance reads what the first one wrote.
        let decision = try FileImportRegistry(path: path).register(corrected)
        guard case .correctedResend(let previous) = decision else {
            Issue.record("expected correctedResend, got \(decision)")
            return
        }
        #expect(previous.map(\.sha256) == [original.sha256])
        #expect(try FileImportRegistry(path: path).allImports().count == 2)
        if case .alreadyImported = try FileImportRegistry(path: path).register(corrected) {
        } else {
            Issue.record("the corrected file imported twice must be alreadyImported")
        }
    }

    @Test func aDamagedRegistryIsReportedNotIgnored() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write("{\"sha256\": 1}\n", to: "imports.jsonl", in: dir)
        let error = expectReconciliationError { _ = try FileImportRegistry(path: path).allImports() }
        #expect(error?.code == .registry)
        #expect(error?.position?.line == 1)
    }
}
