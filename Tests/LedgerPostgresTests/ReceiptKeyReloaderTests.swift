import Foundation
import Ledger
import LedgerPostgres
import LunasTestSupport
import Testing

@testable import API

/// A running node's receipt keys follow a rotation made elsewhere (issue #18): an unknown key id
/// reloads the ring at most once per interval, and on PostgreSQL the rotation's notification
/// reloads every listening node.
@Suite("ReceiptKeyReloader: a node's keys follow a rotation")
struct ReceiptKeyReloaderTests {
    static let rotatedAt = Date(timeIntervalSince1970: 1_796_612_400)

    @Test("the configured ring's entry wins over the store's: a key revoked in receipt-keys.json stays revoked")
    func configuredEntryWins() async throws {
        try await NodeStateHarness.withTwoNodes(.file) { a, _ in
            let key = try await a.receiptKeys().signingKey()
            let revokedAt = Date(timeIntervalSince1970: 1_700_000_000)
            let configured = try ReceiptKeyRing(keys: [.init(label: "2026-1", publicKey: key.publicKey)])
                .revoking(key.publicKey.keyID, at: revokedAt)
            let node = try await ReceiptKeyReloader.load(store: a.receiptKeys(), configured: configured)
            #expect(node.live.ring.keys.map(\.label) == ["2026-1"])
            let code = try ReceiptSigner(keys: node.live).sign(invoiceID: "AMB-1")
            let error = await #expect(throws: LedgerError.self) { try await node.verify(code.text) }
            #expect(error?.code == .revokedReceiptKey)
        }
    }

    @Test(
        "a code of a key rotated elsewhere verifies after one reload; 50 codes of unknown keys then read nothing",
        arguments: NodeStateBackend.available)
    func unknownKeyReloadsOnce(_ backend: NodeStateBackend) async throws {
        try await NodeStateHarness.withTwoNodes(backend) { a, b in
            let node = try await ReceiptKeyReloader.load(
                store: b.receiptKeys(), configured: .empty, unknownKeyInterval: .seconds(3600))
            let old = node.live.signing
            let oldCode = try ReceiptSigner(keys: node.live).sign(invoiceID: "AMB-261207-0001")
            let new = try await a.receiptKeys().rotate(at: Self.rotatedAt)
            #expect(node.reloads == 0 && node.live.signing.publicKey == old.publicKey)

            let newCode = try ReceiptSigner(key: new).sign(invoiceID: "AMB-261207-0002")
            #expect(try await node.verify(newCode.text).invoiceID == "AMB-261207-0002")
            #expect(node.reloads == 1)
            #expect(node.live.signing.publicKey == new.publicKey)
            #expect(try ReceiptSigner(keys: node.live).sign(invoiceID: "AMB-1").keyID == new.publicKey.keyID)
            #expect(try await node.verify(oldCode.text).keyLabel.hasPrefix("retired-"))

            for index in 0..<50 {
                let forged = try ReceiptSigner(key: .generate()).sign(invoiceID: "AMB-\(index)")
                let error = await #expect(throws: LedgerError.self) { try await node.verify(forged.text) }
                #expect(error?.code == .unknownReceiptKey)
            }
            #expect(node.reloads == 1 && node.live.ring.keys.count == 2, "unknown key ids read the store again")
        }
    }

    @Test(
        "on PostgreSQL a rotation through A notifies B's listener, and B signs with the new key without a verify",
        .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
    func notifiedRotation() async throws {
        try await NodeStateHarness.withTwoNodes(.postgres) { a, b in
            guard case .database(let database) = b else { return }
            let node = try await ReceiptKeyReloader.load(store: b.receiptKeys(), configured: .empty)
            let changes = LedgerChangeBroadcast()
            let listener = PostgresChangeListener(
                database.server, password: PostgresTestServer.enabled ? try PostgresTestServer.base().password : nil,
                channel: PostgresReceiptKeyStore.channel, signal: changes, logger: NodeStateHarness.logger,
                retryDelay: .milliseconds(100))
            let listening = Task { await listener.run() }
            let following = Task { await node.follow(changes, logger: NodeStateHarness.logger) }
            defer {
                listening.cancel()
                following.cancel()
            }
            try await Condition.waitUntil("B listens") { listener.status.listens == 1 }
            let new = try await a.receiptKeys().rotate(at: Self.rotatedAt)
            try await Condition.waitUntil("B signs with the new key") {
                node.live.signing.publicKey == new.publicKey
            }
            #expect(listener.status.payloads == [new.publicKey.keyID.description])
            #expect(node.live.ring.keys.count == 2)
        }
    }
}
