import Acquirer
import Foundation
import Ledger
import LedgerPostgres
import LunasTestSupport
import Reconciliation
import Testing

@testable import API

/// `lunas ledger copy`'s second half (issue #18): a data directory's settlement archive, receipt keys
/// and X-EXTERNAL-IDs into the `node_` tables, idempotent when run again.
@Suite("PostgresNodeStateCopy: a data directory into the PostgreSQL ledger")
struct NodeStateCopyTests {
    static let start = Date(timeIntervalSince1970: 1_796_612_400)

    @Test(
        "everything is carried over byte for byte; a second copy adds nothing; a target with another key is refused",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func copyTwice() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { target, other in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "lunas-statecopy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = NodeStorage.directory(directory)
            let archive = try source.settlements()
            let originals = [Array("gzip one".utf8), (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }]
            var records: [SettlementArchiveRecord] = []
            for (index, original) in originals.enumerated() {
                let record = try NodeSettlementArchiveTests.record(
                    String(repeating: "\(index + 1)", count: 64), importedAt: "2026-12-07T0\(index + 1):00:00Z")
                records.append(record)
                #expect(
                    try await archive.store(
                        record, reports: NodeSettlementArchiveTests.reports("\(index)"), compressedOriginal: original))
            }
            let keys = FileReceiptKeyStore(dataDirectory: directory)
            let retired = try await keys.signingKey()
            let signing = try await keys.rotate(at: Self.start)
            let ids = try FileExternalIDStore(path: directory.appendingPathComponent("external-ids.jsonl").path)
            var issued: [String: String] = [:]
            for index in 0..<5 {
                issued["generate:INV-\(index)"] = try await ids.externalID(for: "generate:INV-\(index)", at: Self.start)
            }

            guard case .database(let database) = target else { return }
            let first = try await Self.copy(directory, database)
            #expect(first.settlementsCopied == 2 && first.receiptKeysCopied == 2 && first.externalIDsCopied == 5)

            // Read through the other node's pool.
            let copied = try other.settlements()
            #expect(try await copied.records() == records)
            for (index, record) in records.enumerated() {
                #expect(try await copied.compressedOriginal(id: record.id) == originals[index])
                #expect(try await copied.report(id: record.id, format: .html) == NodeSettlementArchiveTests.allBytes)
            }
            #expect(try await other.receiptKeys().signingKey().publicKey == signing.publicKey)
            #expect(try await other.receiptKeys().ring() == keys.ring())
            #expect(
                try await other.receiptKeys().ring().keys.map(\.publicKey) == [retired.publicKey, signing.publicKey])
            let onB = try other.externalIDs()
            for (operation, id) in issued {
                #expect(try await onB.externalID(for: operation, at: Self.start) == id)
            }
            // The day's sequence goes on after the source's five.
            let sixth = try await onB.externalID(for: "generate:INV-5", at: Self.start)
            #expect(Int(sixth.dropFirst(8).prefix(10)) == 6)

            let second = try await Self.copy(directory, database)
            #expect(second.settlementsCopied == 0 && second.settlementsPresent == 2)
            #expect(second.receiptKeysCopied == 0 && second.receiptKeysPresent == 2)
            #expect(second.externalIDsCopied == 0 && second.externalIDsPresent == 5)

            _ = try await keys.rotate(at: Self.start.addingTimeInterval(60))
            let refusal = await #expect(throws: LedgerError.self) { try await Self.copy(directory, database) }
            #expect(refusal?.code == .copyTargetNotEmpty)
            #expect(try await other.receiptKeys().signingKey().publicKey == signing.publicKey)
        }
    }

    static func copy(_ directory: URL, _ database: PostgresLedgerDatabase) async throws -> PostgresNodeStateCopy.Outcome
    {
        try await PostgresNodeStateCopy.copy(
            settlements: try DataDirectoryState.settlementArchive(dataDirectory: directory),
            receiptKeys: DataDirectoryState.receiptKeys(dataDirectory: directory),
            externalIDs: try FileExternalIDStore(path: directory.appendingPathComponent("external-ids.jsonl").path),
            to: database)
    }
}
