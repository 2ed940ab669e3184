import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

/// One contract, two implementations: the settlement archive in the data directory (the API's
/// `SettlementArchive`) and `PostgresSettlementArchive` (issue #18), and two nodes on one database.
@Suite("SettlementArchiveStore: the data directory and the PostgreSQL ledger")
struct NodeSettlementArchiveTests {
    /// A record of a file with SHA-256 `sha` (hex digits), imported at `importedAt`.
    static func record(_ sha: String, importedAt: String, resendOf: [String] = []) throws -> SettlementArchiveRecord {
        let entry = try JSONDecoder().decode(
            SettlementImport.self,
            from: Data(
                """
                {"sha256": "\(sha)", "profile": "bank-csv", "acquirer": "Bank Nagari", "firstSettlementDate": "2026-12-06",
                 "lastSettlementDate": "2026-12-06", "settlementDate": "2026-12-06", "rows": 3, "gross": 9000,
                 "importedAt": "\(importedAt)"}
                """.utf8))
        return SettlementArchiveRecord(
            id: SettlementArchiveRecord.id(sha256: sha), importStatus: resendOf.isEmpty ? "new" : "corrected_resend",
            resendOf: resendOf, uploadedBy: "adm-1", entry: entry, original: "original.gz", profileName: "bank-csv",
            fileName: "nagari 06-12.csv", byteCount: 1_234, counts: ["matched": 3])
    }

    /// Bytes of every value, so a byte lost or changed on the way shows.
    static let allBytes = (0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    static func reports(_ tag: String) -> [ReconciliationReport.Format: [UInt8]] {
        [.json: Array("{\"id\":\"\(tag)\"}".utf8), .csv: Array("row;\(tag)\n".utf8), .html: allBytes]
    }

    @Test(
        "a settlement is stored once with its record, reports and original byte for byte; a second store changes nothing; records are oldest first; a malformed id is nil",
        arguments: NodeStateBackend.available)
    func contract(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { node, sameOrOther in
            let archive: any SettlementArchiveStore = try node.settlements()
            let late = try Self.record(String(repeating: "b", count: 64), importedAt: "2026-12-07T02:00:00Z")
            let early = try Self.record(
                String(repeating: "a", count: 64), importedAt: "2026-12-07T01:00:00Z", resendOf: [late.id])
            let same = try Self.record(String(repeating: "c", count: 64), importedAt: "2026-12-07T02:00:00Z")
            #expect(try await archive.store(late, reports: Self.reports("late"), compressedOriginal: Self.allBytes))
            #expect(try await archive.store(early, reports: Self.reports("early"), compressedOriginal: nil))
            #expect(try await archive.store(same, reports: Self.reports("same"), compressedOriginal: [1, 2, 3]))
            #expect(!(try await archive.store(late, reports: Self.reports("changed"), compressedOriginal: [9])))

            // Read again: the file archive opened anew, or another node's pool on the same database.
            let reopened = try sameOrOther.settlements()
            #expect(try await reopened.record(id: late.id) == late)
            #expect(try await reopened.report(id: late.id, format: .json) == Self.reports("late")[.json])
            #expect(try await reopened.report(id: late.id, format: .csv) == Self.reports("late")[.csv])
            #expect(try await reopened.report(id: late.id, format: .html) == Self.allBytes)
            #expect(try await reopened.compressedOriginal(id: late.id) == Self.allBytes)
            #expect(try await reopened.compressedOriginal(id: early.id) == nil)
            // importedAt first; two in one second keep the order they were stored in.
            #expect(try await reopened.records().map(\.id) == [early.id, late.id, same.id])
            for id in [
                "stl-\(String(repeating: "d", count: 32))", "stl-../../etc", "STL-" + String(repeating: "a", count: 32),
            ] {
                #expect(try await reopened.record(id: id) == nil)
                #expect(try await reopened.report(id: id, format: .json) == nil)
                #expect(try await reopened.compressedOriginal(id: id) == nil)
            }
        }
    }

    @Test(
        "two nodes: a file archived through A is read byte for byte through B; rows are never updated or deleted",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func archivedOnAReadOnB() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let record = try Self.record(String(repeating: "e", count: 64), importedAt: "2026-12-07T03:00:00Z")
            let original = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
            #expect(try await a.settlements().store(record, reports: Self.reports("e"), compressedOriginal: original))
            let onB = try b.settlements()
            #expect(try await onB.compressedOriginal(id: record.id) == original)
            #expect(try await onB.record(id: record.id) == record)
            #expect(try await onB.records().map(\.id) == [record.id])
            for statement in [
                "UPDATE node_settlements SET original = NULL", "DELETE FROM node_settlements",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await NodeStateHarness.psql(statement, a)
                }
            }
            #expect(try await onB.compressedOriginal(id: record.id) == original)
        }
    }
}
