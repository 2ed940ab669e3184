import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import API

/// The settlement importer's storage on a shared archive (issue #18): an upload committed through
/// node A is compressed into the database, and node B, with its own upload folder, unpacks the very
/// bytes to apply them; the file archive keeps its own layout.
@Suite("The importer's settlement storage, shared by two nodes")
struct SharedSettlementStorageTests {
    /// An upload of `size` bytes in `folder`.
    static func upload(_ size: Int, in folder: URL) throws -> (url: URL, bytes: [UInt8]) {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 7919) >> 3) }
        let url = folder.appendingPathComponent("upload.csv")
        try Data(bytes).write(to: url)
        return (url, bytes)
    }

    @Test(
        "committed through A, unpacked through B byte for byte; a second commit of the id changes nothing",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func sharedThroughTwoNodes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-sharedstl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let nodeA = try SettlementStorage(
                shared: try a.settlements(), incomingDirectory: folder.appendingPathComponent("a"))
            let nodeB = try SettlementStorage(
                shared: try b.settlements(), incomingDirectory: folder.appendingPathComponent("b"))
            let (url, bytes) = try Self.upload(300_000, in: folder)
            let record = try NodeSettlementArchiveTests.record(
                String(repeating: "f", count: 64), importedAt: "2026-12-07T03:00:00Z")
            #expect(try await nodeA.commit(record, reports: NodeSettlementArchiveTests.reports("f"), original: url))
            #expect(try await nodeB.record(id: record.id) == record)
            #expect(
                try await nodeB.report(id: record.id, format: .csv) == NodeSettlementArchiveTests.reports("f")[.csv])
            let unpacked = folder.appendingPathComponent("unpacked.csv")
            #expect(try await nodeB.unpackOriginal(id: record.id, to: unpacked))
            #expect(Array(try Data(contentsOf: unpacked)) == bytes)
            #expect(try await !nodeB.commit(record, reports: NodeSettlementArchiveTests.reports("g"), original: url))
            #expect(
                try await nodeA.report(id: record.id, format: .csv) == NodeSettlementArchiveTests.reports("f")[.csv])
            #expect(try await !nodeA.unpackOriginal(id: "stl-" + String(repeating: "0", count: 32), to: unpacked))
            // `lunas ledger verify --database …` checks the original in the database, not on a disk.
            func verified(_ id: String, sha256: String, size: Int64) async throws -> String? {
                let file = SettlementFileRecord(
                    settlementID: id, sha256: sha256, byteCount: size, profile: "p",
                    archivedAs: "settlements/\(id)/original.gz", importedAt: Date(), actor: .serverOperator)
                return try await SettlementImporter.archiveProblem(
                    file, shared: try b.settlements(), scratch: folder.appendingPathComponent("scratch"))
            }
            let summed = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [url.path])
            let digest = String(summed.stdoutText.prefix(64))
            #expect(try await verified(record.id, sha256: digest, size: Int64(bytes.count)) == nil)
            let altered = try await verified(record.id, sha256: String(repeating: "0", count: 64), size: 300_000)
            #expect(altered?.contains("decompresses to 300000 bytes") == true, "\(String(describing: altered))")
            let missing = try await verified(
                "stl-" + String(repeating: "1", count: 32), sha256: digest, size: Int64(bytes.count))
            #expect(missing?.contains("missing from the database") == true, "\(String(describing: missing))")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("scratch").path)
                    .isEmpty, "the scratch copy is removed")
            // Nothing is left in either node's upload folder.
            for node in ["a", "b"] {
                #expect(
                    try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(node).path)
                        .isEmpty)
            }
        }
    }

    @Test("on the data directory's archive the same calls keep the folders' layout (original.gz beside record.json)")
    func filesKeepTheirLayout() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-filestl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let storage = SettlementStorage(files: try SettlementArchive(dataDirectory: folder))
        let (url, bytes) = try Self.upload(50_000, in: folder)
        let record = try NodeSettlementArchiveTests.record(
            String(repeating: "a", count: 64), importedAt: "2026-12-07T03:00:00Z")
        #expect(try await storage.commit(record, reports: NodeSettlementArchiveTests.reports("a"), original: url))
        let stored = folder.appendingPathComponent("settlements/\(record.id)")
        #expect(FileManager.default.fileExists(atPath: stored.appendingPathComponent("original.gz").path))
        #expect(FileManager.default.fileExists(atPath: stored.appendingPathComponent("record.json").path))
        let unpacked = folder.appendingPathComponent("unpacked.csv")
        #expect(try await storage.unpackOriginal(id: record.id, to: unpacked))
        #expect(Array(try Data(contentsOf: unpacked)) == bytes)
    }
}
