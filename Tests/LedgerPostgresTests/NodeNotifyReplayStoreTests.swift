import Acquirer
import Foundation
import Ledger
import LunasTestSupport
import Testing

/// One contract, two implementations: the notify replay claims of ``NotifyReplayCache`` and
/// `PostgresNotifyReplayStore` (issue #18), and two nodes on one database.
@Suite("NotifyReplayStore: the file and the PostgreSQL ledger")
struct NodeNotifyReplayStoreTests {
    static let start = Date(timeIntervalSince1970: 1_796_612_400)

    static func stamp(_ date: Date) -> SNAPTimestamp { SNAPTimestamp(date: date, offset: .jakarta) }

    static func claim(
        _ store: any NotifyReplayStore, signature: String, externalID: String?, body: String, at now: Date = start
    ) async throws -> NotifyReplayClaim {
        try await store.claim(
            timestamp: stamp(start), signature: signature, partnerID: "P", externalID: externalID, body: body, now: now)
    }

    @Test(
        "a pair or an X-EXTERNAL-ID of another body is refused within the window, also after reopening; the same body is no replay; a refused claim remembers nothing; after the window it is fresh",
        arguments: NodeStateBackend.available)
    func contract(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { node, _ in
            let store = try await node.replays(window: 300, now: Self.start)
            #expect(try await Self.claim(store, signature: "sig-1", externalID: "1", body: "body-1") == .fresh)
            #expect(try await Self.claim(store, signature: "sig-1", externalID: "1", body: "body-1") == .fresh)
            #expect(
                try await Self.claim(store, signature: "sig-1", externalID: "2", body: "body-2") == .replayedSignature)
            #expect(
                try await Self.claim(store, signature: "sig-2", externalID: "1", body: "body-3") == .duplicateExternalID
            )
            // Refused: sig-2 was not remembered, so another body may use it with a new id.
            #expect(try await Self.claim(store, signature: "sig-2", externalID: "3", body: "body-4") == .fresh)
            // A notify without X-EXTERNAL-ID claims its pair only.
            #expect(try await Self.claim(store, signature: "AQID", externalID: nil, body: "body-5") == .fresh)
            #expect(
                try await Self.claim(store, signature: "AQID", externalID: nil, body: "body-7") == .replayedSignature)

            let later = Self.start.addingTimeInterval(120)
            let reopened = try await node.replays(window: 300, now: later)
            #expect(
                try await Self.claim(reopened, signature: "sig-1", externalID: "9", body: "x", at: later)
                    == .replayedSignature)
            #expect(
                try await Self.claim(reopened, signature: "sig-9", externalID: "3", body: "x", at: later)
                    == .duplicateExternalID)
            // X-TIMESTAMP + 300 s + 1 s: the window is over.
            let after = Self.start.addingTimeInterval(302)
            #expect(try await Self.claim(reopened, signature: "sig-1", externalID: "1", body: "y", at: after) == .fresh)
        }
    }

    @Test(
        "two nodes: an X-EXTERNAL-ID accepted on A is refused on B, and A's header pair too; B accepts the same body again",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func acceptedOnARefusedOnB() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let onA = try await a.replays(window: 300, now: Self.start)
            let onB = try await b.replays(window: 300, now: Self.start)
            #expect(try await Self.claim(onA, signature: "sig-a", externalID: "77", body: "paid-1") == .fresh)
            #expect(
                try await Self.claim(onB, signature: "sig-b", externalID: "77", body: "paid-2") == .duplicateExternalID)
            #expect(
                try await Self.claim(onB, signature: "sig-a", externalID: "78", body: "paid-2") == .replayedSignature)
            #expect(try await Self.claim(onB, signature: "sig-a", externalID: "77", body: "paid-1") == .fresh)
            // Only the SHA-256 keys of A's claim are stored, never the signature or the id.
            let keys = try await NodeStateHarness.psql(
                "SELECT key FROM node_notify_replays ORDER BY key COLLATE \"C\"", a)
            let expected = NotifyReplayKeys(
                timestamp: Self.stamp(Self.start), signature: "sig-a", partnerID: "P", externalID: "77",
                now: Self.start,
                window: 300)
            #expect(keys == expected.keys.map(\.key).sorted().map { $0 + "\n" }.joined())
        }
    }

    @Test(
        "two nodes: 16 concurrent claims of one X-EXTERNAL-ID with different bodies: exactly one is fresh, 15 are duplicates",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func sixteenClaimsOneWins() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let stores = [
                try await a.replays(window: 300, now: Self.start), try await b.replays(window: 300, now: Self.start),
            ]
            let claims = try await withThrowingTaskGroup(of: NotifyReplayClaim.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await Self.claim(
                            stores[index % 2], signature: "sig-\(index)", externalID: "555", body: "body-\(index)")
                    }
                }
                return try await group.reduce(into: [NotifyReplayClaim]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 == .fresh }.count == 1, "\(claims)")
            #expect(claims.filter { $0 == .duplicateExternalID }.count == 15)
            // The 15 refused claims remembered nothing: one pair key and one X-EXTERNAL-ID key.
            #expect(try await NodeStateHarness.psql("SELECT count(*) FROM node_notify_replays", a) == "2\n")
        }
    }

    @Test(
        "growth is bounded: expired claims are deleted every pruneEvery claims and when a store opens",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func expiryBoundsGrowth() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let store = try await a.replays(window: 300, now: Self.start, pruneEvery: 10)
            // 100 notifies, one a minute, each with its own pair and X-EXTERNAL-ID; the window is 5 min.
            for minute in 0..<100 {
                let now = Self.start.addingTimeInterval(Double(minute) * 60)
                #expect(
                    try await store.claim(
                        timestamp: Self.stamp(now), signature: "sig-\(minute)", partnerID: "P",
                        externalID: "\(minute)", body: "b", now: now) == .fresh)
            }
            // At most a window (6 notifies) plus the 10 claims since the last deletion, two keys each.
            let rows = Int(try await NodeStateHarness.psql("SELECT count(*) FROM node_notify_replays", a).dropLast())!
            #expect(rows <= 2 * (6 + 10), "\(rows)")
            _ = try await b.replays(window: 300, now: Self.start.addingTimeInterval(200 * 60))
            #expect(try await NodeStateHarness.psql("SELECT count(*) FROM node_notify_replays", a) == "0\n")
        }
    }
}
