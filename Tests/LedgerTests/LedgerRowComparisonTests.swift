import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// The streamed comparison of rows with the replay against the comparison `verify` made before it
/// streamed (every row and every replayed record in dictionaries): the same findings, on random
/// tables with edited, added, repeated, deleted and unreadable rows.
@Suite struct LedgerRowComparisonTests {
    /// The comparison as it was: rows in the order read, missing ones sorted.
    static func dictionaryFindings(
        _ rows: [IdempotencyRecord], _ expected: [String: IdempotencyRecord], createdBy: [String: Int64]
    ) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for row in rows {
            guard seen.insert(row.key).inserted else {
                problems.append("idempotency_keys row \(row.key) appears twice")
                continue
            }
            guard let want = expected[row.key] else {
                problems.append("idempotency_keys row \(row.key) is not backed by any event")
                continue
            }
            if row != want {
                let fields = LedgerVerifier.differences(row, want).joined(separator: "; ")
                problems.append("idempotency_keys row \(row.key) disagrees with the events: \(fields)")
            }
        }
        for key in expected.keys.sorted() where !seen.contains(key) {
            let origin = createdBy[key].map { " (created by event #\($0))" } ?? ""
            problems.append("idempotency_keys row \(key) is missing\(origin)")
        }
        return problems
    }

    static func record(_ key: String, _ hash: String) -> IdempotencyRecord {
        IdempotencyRecord(key: key, operation: .issueInvoice, entityID: "inv_\(key)", requestHash: hash)
    }

    @Test(arguments: 1...40)
    func streamedFindingsAreTheDictionaryFindings(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed))
        var expected: [String: IdempotencyRecord] = [:]
        var createdBy = ReplayMap<String, Int64>()
        var created: [String: Int64] = [:]
        for index in 0..<Int(random.next() % 60) {
            let key = "key-\(random.next() % 500)"
            expected[key] = Self.record(key, "h\(index)")
            createdBy[key] = Int64(index + 1)
            created[key] = Int64(index + 1)
        }
        var rows: [IdempotencyRecord] = []
        for (key, record) in expected {
            switch random.next() % 10 {
            case 0: continue  // deleted
            case 1: rows.append(Self.record(key, "edited"))
            case 2: rows += [record, record]  // repeated
            default: rows.append(record)
            }
        }
        for _ in 0..<Int(random.next() % 5) { rows.append(Self.record("forged-\(random.next() % 50)", "f")) }
        // The store streams its rows in key order (a repeated key stays beside its first row).
        rows.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let spill = DictionarySpillTable<IdempotencyRecord>()
        var replayed = ReplayMap<String, IdempotencyRecord>(spill: spill, fault: ReplayFault(), generation: 4)
        for (key, record) in expected { replayed[key] = record }
        var comparison = LedgerRowComparison(
            table: "idempotency_keys", key: \.key, expected: try replayed.sortedEntries(), createdBy: createdBy)
        for row in rows { try comparison.add(row) }
        try comparison.finish()
        #expect(comparison.problems.map(\.message) == Self.dictionaryFindings(rows, expected, createdBy: created))
    }

    @Test func unreadableRowsAreNamedAndTheirRecordsMissing() throws {
        var replayed = ReplayMap<String, IdempotencyRecord>()
        replayed["a"] = Self.record("a", "h")
        replayed["b"] = Self.record("b", "h")
        var comparison = LedgerRowComparison(
            table: "idempotency_keys", key: \.key, expected: try replayed.sortedEntries(), createdBy: ReplayMap())
        try comparison.add(Self.record("a", "h"))
        comparison.unreadable(id: "b", "operation holds nonsense")
        try comparison.finish()
        #expect(comparison.unreadable.map(\.message) == ["idempotency_keys row b: operation holds nonsense"])
        #expect(comparison.problems.map(\.message) == ["idempotency_keys row b is missing"])
    }

    @Test func aRowOutOfKeyOrderIsLookedUpOnItsOwn() throws {
        var replayed = ReplayMap<String, IdempotencyRecord>()
        for key in ["a", "b", "c"] { replayed[key] = Self.record(key, "h") }
        var comparison = LedgerRowComparison(
            table: "idempotency_keys", key: \.key, expected: try replayed.sortedEntries(), createdBy: ReplayMap())
        try comparison.add(Self.record("a", "h"))
        try comparison.add(Self.record("c", "h"))
        try comparison.add(Self.record("b", "edited"))  // a key of another SQL type sorts apart
        try comparison.finish()
        #expect(comparison.problems.map(\.place) == [.row(table: "idempotency_keys", id: "b")])
        #expect(comparison.problems.first?.message.contains("disagrees") == true)
    }
}
