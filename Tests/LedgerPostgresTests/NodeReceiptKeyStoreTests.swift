import Foundation
import Ledger
import LunasTestSupport
import Testing

/// One contract, two implementations: the receipt signing keys of `FileReceiptKeyStore` (the data
/// directory) and `PostgresReceiptKeyStore` (issue #18), and two nodes on one database.
@Suite("ReceiptKeyStore: the data directory and the PostgreSQL ledger")
struct NodeReceiptKeyStoreTests {
    static let rotatedAt = Date(timeIntervalSince1970: 1_796_612_400)

    /// Whether a receipt code signed with `key` verifies against `ring` (``ReceiptVerifier``).
    static func verifies(_ key: ReceiptSigningKey, _ ring: ReceiptKeyRing) throws -> Bool {
        let code = try ReceiptSigner(key: key).sign(invoiceID: "AMB-261207-0001")
        return try ReceiptVerifier(keyRing: ring).verify(code.text).invoiceID == "AMB-261207-0001"
    }

    @Test(
        "the signing key is created once and kept (also reopened); a rotation signs with a new key and keeps the old one's public half in the ring",
        arguments: NodeStateBackend.available)
    func contract(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { node, _ in
            let store = node.receiptKeys()
            let first = try await store.signingKey()
            #expect(try await store.signingKey().publicKey == first.publicKey)
            #expect(try await node.receiptKeys().signingKey().publicKey == first.publicKey)
            let ring = try await store.ring()
            #expect(ring.keys.map(\.label) == ["server"] && ring.keys.map(\.publicKey) == [first.publicKey])

            let second = try await store.rotate(at: Self.rotatedAt)
            #expect(second.publicKey != first.publicKey)
            #expect(try await node.receiptKeys().signingKey().publicKey == second.publicKey)
            let rotated = try await node.receiptKeys().ring()
            #expect(rotated.keys.map(\.publicKey) == [first.publicKey, second.publicKey])
            #expect(rotated.keys.map(\.label) == ["retired-2026-12-07T03:00:00Z", "server"])
            #expect(try Self.verifies(first, rotated) && Self.verifies(second, rotated))
        }
    }

    @Test("eight first calls at once get one key", arguments: NodeStateBackend.available)
    func concurrentCreation(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { a, b in
            let stores = [a.receiptKeys(), b.receiptKeys()]
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask { try await stores[index % 2].signingKey().publicKey.base64 }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(keys.count == 1, "\(keys)")
        }
    }

    @Test(
        "two nodes: a key rotated on A signs on B, and B's signature verifies against A's ring; the retired key keeps its public half and loses its seed",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func rotatedOnASignsOnB() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            let old = try await b.receiptKeys().signingKey()
            let new = try await a.receiptKeys().rotate(at: Self.rotatedAt)
            let onB = try await b.receiptKeys().signingKey()
            #expect(onB.publicKey == new.publicKey && onB.publicKey != old.publicKey)
            let ring = try await a.receiptKeys().ring()
            #expect(try Self.verifies(onB, ring) && Self.verifies(old, ring))
            #expect(
                try await NodeStateHarness.psql(
                    "SELECT count(*), sum(octet_length(seed)), count(*) FILTER (WHERE retired_ms IS NULL) FROM node_receipt_keys",
                    a)
                    == "2|32|1\n")
        }
    }
}
