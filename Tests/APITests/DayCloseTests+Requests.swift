import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

extension DayCloseTests {
    // MARK: Requests

    struct Blocker: Equatable, CustomStringConvertible {
        var kind: String
        var count: Int
        var examples: [String]
        var description: String { "\(kind) \(count) \(examples)" }
    }

    /// The `blockers` of a day's status or of a refused close, in order.
    func blockers(_ response: TestResponse) throws -> [Blocker] {
        let list = try #require(try jsonObject(response)["blockers"] as? [[String: Any]])
        return try list.map {
            Blocker(
                kind: try #require($0["kind"] as? String), count: try #require($0["count"] as? Int),
                examples: try #require($0["examples"] as? [String]))
        }
    }

    /// Issues a motorcycle ticket in ayp-01 as the attendant.
    func issue(_ loop: AcquirerLoop, key: String) async throws -> Ticket {
        let issued = try await loop.issueTicket(key: key)
        #expect(issued.status == .created, "\(String(buffer: issued.body))")
        let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
        let expires = try #require(invoice["expiresAt"] as? String)
        return Ticket(
            id: try #require(invoice["id"] as? String), billNumber: try #require(invoice["billNumber"] as? String),
            qris: try #require(invoice["qris"] as? String), amount: try #require(invoice["amount"] as? Int),
            expiresAt: try #require(ISO8601DateFormatter().date(from: expires), "\(expires)"))
    }

    func close(
        _ client: any TestClientProtocol, _ fixture: APIFixture, role: Device.Role?
    ) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/api/v1/days/\(Self.day)/close", method: .post, headers: fixture.headers(role))
    }

    func dayStatus(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ date: String, role: Device.Role?
    ) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/days/\(date)", method: .get, headers: fixture.headers(role, json: false))
    }

    func journalResponse(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ date: String, format: String, role: Device.Role
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/days/\(date)/journal?format=\(format)", method: .get,
            headers: fixture.headers(role, json: false))
    }

    /// Waits (up to 10 s: a time-out, not a timing assertion) until the expiry service has moved
    /// invoice `id` to `status`.
    func waitForStatus(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ id: String, _ status: String
    ) async throws -> Bool {
        for _ in 0..<100 {
            let shown = try await client.execute(
                uri: "/api/v1/invoices/\(id)", method: .get, headers: fixture.headers(.finance, json: false))
            if (try jsonObject(shown)["invoice"] as? [String: Any])?["status"] as? String == status { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
