import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// A reprint retried with the same `Idempotency-Key` (the handheld did not see the answer) counts
/// one print; the same key on another ticket is 409.
@Suite("Reprints with an Idempotency-Key")
struct ReprintIdempotencyTests {
    @Test func repeatedKeyCountsOnce() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let issued = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "r-0"),
                body: ByteBuffer(string: #"{"plate":"de 5 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
            let ticket = try #require(try jsonObject(issued)["ticket"] as? [String: Any])
            let id = try #require(ticket["id"] as? String)
            func reprint(_ key: String?) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/parking/tickets/\(id)/reprint", method: .post,
                    headers: fixture.headers(.attendant, key: key))
            }
            #expect(try await reprint("print-1").status == .ok)
            #expect(try await reprint("print-1").status == .ok)
            #expect(try await fixture.store.ticket(id: ParkingTicket.ID(id))?.reprints == 1)
            #expect(try await reprint("print-2").status == .ok)
            #expect(try await reprint(nil).status == .ok)
            #expect(try await fixture.store.ticket(id: ParkingTicket.ID(id))?.reprints == 3)
            // The key of another request is refused.
            #expect(try await reprint("r-0").status == .conflict)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}
