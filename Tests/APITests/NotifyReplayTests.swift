import API
import Acquirer
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Synchronization
import Testing

/// `rsa-client-timestamp` signs `clientId|X-TIMESTAMP` only (issue 12, item 2): a captured header
/// pair must not pay a second bill, not even after a restart.
@Suite("Notify replay: a captured rsa-client-timestamp header pair is used once (real HTTP)")
struct NotifyReplayTests {
    static let dropAll =
        #"{"failingGenerates":0,"generateFailure":"before-creating","notify":"#
        + #"{"duplicatePercent":0,"dropPercent":100,"outOfOrder":false,"minimumDelayMilliseconds":0,"#
        + #""maximumDelayMilliseconds":0}}"#

    /// Issues a ticket and pays it at the simulator (its notify dropped); returns the invoice id
    /// and the simulator's reference.
    static func paidTicket(_ loop: AcquirerLoop, key: String) async throws -> (id: String, reference: String) {
        let issued = try await loop.issueTicket(key: key)
        let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
        let paid = try await loop.pay(try #require(invoice["qris"] as? String))
        return (
            try #require(invoice["id"] as? String), try #require(try jsonObject(paid)["referenceNo"] as? String)
        )
    }

    @Test(
        "another bill's body under a used header pair answers 401, a reused X-EXTERNAL-ID 409; nothing written, also after a restart"
    )
    func headerPairReplay() async throws {
        let fixture = try await APIFixture.make()
        let forgedBox = Box<SNAPHTTPRequest>()
        let secondID = Box<String>()
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(Self.dropAll)
            let first = try await Self.paidTicket(loop, key: "replay-1")
            let second = try await Self.paidTicket(loop, key: "replay-2")
            let notify1 = try await loop.simulator.simulator.notifyRequest(
                referenceNo: first.reference, now: fixture.clock.now)
            let notify2 = try await loop.simulator.simulator.notifyRequest(
                referenceNo: second.reference, now: fixture.clock.now)
            #expect(notify1.headers["X-SIGNATURE"] != notify2.headers["X-SIGNATURE"])

            let accepted = try await loop.postNotify(notify1)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            #expect(try await fixture.store.invoice(id: .init(first.id))?.status == .paid)
            let before = try await fixture.eventCount()

            // The second bill's body under the first notify's (valid) header pair.
            var forged = notify2
            forged.headers = notify1.headers
            let refused = try await loop.postNotify(forged)
            #expect(refused.status == .unauthorized)
            #expect(String(buffer: refused.body).contains("4015200"))
            // The second bill's own fresh signature, but the first notify's X-EXTERNAL-ID.
            var reused = notify2
            reused.headers.set("X-EXTERNAL-ID", try #require(notify1.headers["X-EXTERNAL-ID"]))
            let conflict = try await loop.postNotify(reused)
            #expect(conflict.status == .conflict)
            #expect(String(buffer: conflict.body).contains("4095200"))
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.invoice(id: .init(second.id))?.status == .issued)
            forgedBox.value = forged
            secondID.value = second.id
        }
        // A restart on the same data directory remembers the pair.
        let forged = try #require(forgedBox.value)
        let id = try #require(secondID.value)
        try await AcquirerLoop.run(fixture) { loop in
            let before = try await fixture.eventCount()
            let refused = try await loop.postNotify(forged)
            #expect(refused.status == .unauthorized)
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .issued)
        }
        let file = fixture.directory.appendingPathComponent("notify-replays.jsonl").path
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

/// A value set inside a `@Sendable` closure and read after it.
final class Box<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)
    var value: Value? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
