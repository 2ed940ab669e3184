import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

/// `lunas ledger verify` checks every imported settlement file's archived original against the
/// SHA-256 and size its `settlement.imported` event recorded.
@Suite("Ledger verify checks archived settlement originals")
struct LedgerVerifyArchiveTests {
    /// Gzips `text` into `path` with the system's `gzip`, returning the text's SHA-256 (hex) from `sha256sum`.
    private static func archive(_ text: String, at path: URL) async throws -> String {
        try FileManager.default.createDirectory(
            at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let plain = path.deletingPathExtension()
        try Data(text.utf8).write(to: plain)
        let digest = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [plain.path])
        try? FileManager.default.removeItem(at: path)
        let zipped = try await ChildProcess.run(URL(fileURLWithPath: "/bin/gzip"), ["-n", plain.path])
        #expect(zipped.status == 0, "\(zipped.stderrText)")
        return String(digest.stdoutText.prefix(64))
    }

    @Test func aTamperedDamagedOrMissingOriginalIsAProblemNamingTheSettlement() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-verify-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let content = "settlement_date,rrn,amount\n2026-11-16,000000000001,5000\n"
        let relative = "settlements/stl-x/original.gz"
        let sha256 = try await Self.archive(content, at: data.appendingPathComponent(relative))
        let id = "stl-" + sha256.prefix(32)
        let archivedAs = "settlements/\(id)/original.gz"
        try FileManager.default.moveItem(
            at: data.appendingPathComponent("settlements/stl-x"), to: data.appendingPathComponent("settlements/\(id)"))
        let store = try await SQLiteLedgerStore.open(path: data.appendingPathComponent("lunas.sqlite").path)
        _ = try await store.recordSettlementFile(
            SettlementFileRecord(
                settlementID: id, sha256: sha256, byteCount: Int64(content.utf8.count), profile: "lunas-simulator",
                archivedAs: archivedAs, importedAt: Date(timeIntervalSince1970: 1_795_392_000), actor: .serverOperator))

        let intact = try await ReconcileCommandTests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")

        // Another file under the same name: the digest no longer matches.
        _ = try await Self.archive(
            content.replacingOccurrences(of: "5000", with: "9000"), at: data.appendingPathComponent(archivedAs))
        let altered = try await ReconcileCommandTests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(altered.status == 1)
        #expect(altered.stdout.contains("settlement \(id): \(archivedAs) decompresses to"), "\(altered.stdout)")

        // A damaged archive (its CRC-32 trailer altered) does not read to its end.
        var gzipped = try Data(contentsOf: data.appendingPathComponent(archivedAs))
        gzipped[gzipped.count - 8] ^= 0xFF
        try gzipped.write(to: data.appendingPathComponent(archivedAs))
        let damaged = try await ReconcileCommandTests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(damaged.status == 1)
        #expect(
            damaged.stdout.contains("settlement \(id): \(archivedAs) is not a whole gzip file"), "\(damaged.stdout)")

        try FileManager.default.removeItem(at: data.appendingPathComponent(archivedAs))
        let missing = try await ReconcileCommandTests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("its archived original \(archivedAs) is missing"), "\(missing.stdout)")
    }
}
