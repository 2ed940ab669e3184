import Acquirer
import Foundation
import Ledger
import LunasTestSupport
import Testing

/// One contract, two implementations: the X-EXTERNAL-IDs of ``FileExternalIDStore`` and
/// `PostgresExternalIDStore` (issue #18), and two nodes on one database.
@Suite("ExternalIDStore: the file and the PostgreSQL ledger")
struct NodeExternalIDStoreTests {
    /// 2026-12-07 10:00 in Jakarta (03:00 UTC).
    static let start = Date(timeIntervalSince1970: 1_796_612_400)

    @Test(
        "one operation keeps its id for its Jakarta day, also after reopening; the next day gets a new one; ids are 26 digits of the day",
        arguments: NodeStateBackend.available)
    func contract(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { node, _ in
            let store = try node.externalIDs()
            let first = try await store.externalID(for: "generate:INV-1", at: Self.start)
            #expect(first.count == 26 && first.allSatisfy(\.isNumber) && first.hasPrefix("20261207"), "\(first)")
            #expect(
                try await store.externalID(for: "generate:INV-1", at: Self.start.addingTimeInterval(3_600)) == first)
            var ids: Set<String> = [first]
            for index in 2...20 { ids.insert(try await store.externalID(for: "generate:INV-\(index)", at: Self.start)) }
            #expect(ids.count == 20)
            // The sequence part counts the day's ids: 1 … 20, whatever the random digits.
            #expect(Set(ids.map { Int($0.dropFirst(8).prefix(10))! }) == Set(1...20))
            #expect(await store.lastRecord(for: "generate:INV-1")?.externalID == first)

            let reopened = try node.externalIDs()
            #expect(try await reopened.externalID(for: "generate:INV-1", at: Self.start) == first)
            // 17:00 UTC is past midnight in Jakarta: a new day, a new id, and the last record is it.
            let nextDay = Self.start.addingTimeInterval(14 * 3_600)
            let second = try await reopened.externalID(for: "generate:INV-1", at: nextDay)
            #expect(second.hasPrefix("20261208") && second != first)
            #expect(Int(second.dropFirst(8).prefix(10)) == 1)
            let last = await reopened.lastRecord(for: "generate:INV-1")
            #expect(last?.externalID == second && last?.day == CivilDate(iso8601: "2026-12-08"))
            #expect(await reopened.lastRecord(for: "generate:never") == nil)
        }
    }

    @Test(
        "two nodes: 16 concurrent requests for one operation get one id; 16 operations at once get 16 ids with sequences 1 … 16",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func twoNodes() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let stores = [try a.externalIDs(), try b.externalIDs()]
            let same = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<16 {
                    group.addTask { try await stores[index % 2].externalID(for: "refund:PAY-9", at: Self.start) }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(same.count == 1, "\(same)")
            let many = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await stores[index % 2].externalID(for: "generate:INV-\(index)", at: Self.start)
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(many).count == 16)
            // refund:PAY-9 took number 1, and every concurrent request of it may have taken one more.
            let sequences = Set(many.map { Int($0.dropFirst(8).prefix(10))! })
            #expect(sequences.count == 16 && sequences.allSatisfy { $0 > 1 })
            // An id issued through A is the one B reports.
            #expect(await stores[1].lastRecord(for: "refund:PAY-9")?.externalID == same.first)
        }
    }

    @Test(
        "growth is bounded: one row per operation, day counters older than two days before the newest are deleted",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func boundedGrowth() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, _ in
            let store = try a.externalIDs()
            for day in 0..<10 {
                for operation in 0..<3 {
                    _ = try await store.externalID(
                        for: "generate:INV-\(operation)", at: Self.start.addingTimeInterval(Double(day) * 86_400))
                }
            }
            #expect(try await NodeStateHarness.psql("SELECT count(*) FROM node_external_ids", a) == "3\n")
            #expect(
                try await NodeStateHarness.psql(
                    "SELECT string_agg(day, ',' ORDER BY day) FROM node_external_id_days", a)
                    == "2026-12-14,2026-12-15,2026-12-16\n")
        }
    }
}
