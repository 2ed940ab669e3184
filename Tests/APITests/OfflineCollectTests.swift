import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// `POST /api/v1/devices/{id}/offline-tickets` over real HTTP: an admin brings the records
/// collected from a handheld, active or revoked; nothing dated after the revocation is accepted.
@Suite("Offline records collected by an admin")
struct OfflineCollectTests {
    static func collect(
        _ client: some TestClientProtocol, _ fixture: APIFixture, device: String, _ records: [OfflineRecord],
        clock: Date, role: Device.Role = .admin
    ) async throws -> TestResponse {
        let list = records.map(\.canonical.text).joined(separator: ",")
        let body = #"{"deviceClock":"\#(OfflineTime.format(clock))","records":[\#(list)]}"#
        return try await OfflineSyncTests.post(
            client, fixture, "/api/v1/devices/\(device)/offline-tickets", body, role: role)
    }

    static func results(_ response: TestResponse) throws -> [[String: Any]] {
        #expect(response.status == .ok, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
        return try #require(try jsonObject(response)["results"] as? [[String: Any]])
    }

    @Test("before and after the revocation: records made before it are recorded, later ones refused and recorded")
    func revokedDevice() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let attendant = try #require(fixture.deviceIDs[.attendant]).rawValue
            let admin = try #require(fixture.deviceIDs[.admin])
            #expect(try await OfflineSyncTests.register(client, fixture).status == .created)
            let bundle = try await OfflineSyncTests.bundle(client, fixture)
            let start = fixture.clock.now
            let first = try OfflineSyncTests.issue(bundle, sequence: 1, key: "rv-1", at: start.addingTimeInterval(60))
            let second = try OfflineSyncTests.issue(
                bundle, sequence: 2, key: "rv-2", at: start.addingTimeInterval(120))
            fixture.clock.advance(by: 180)
            // An active device's records may be collected too.
            let active = try Self.results(
                try await Self.collect(client, fixture, device: attendant, [first], clock: start))
            #expect(active.first?["status"] as? String == "recorded")
            let invoiceID = try #require(active.first?["invoiceId"] as? String)

            fixture.clock.advance(by: 600)
            let revoked = try await client.execute(
                uri: "/api/v1/devices/\(attendant)", method: .delete, headers: fixture.headers(.admin))
            #expect(revoked.status == .ok)
            let late = try OfflineSyncTests.issue(
                bundle, sequence: 3, key: "rv-3", at: fixture.clock.now.addingTimeInterval(60))
            fixture.clock.advance(by: 3600)
            let own = try await OfflineSyncTests.post(
                client, fixture, "/api/v1/devices/me/offline-tickets",
                #"{"deviceClock":"\#(OfflineTime.format(fixture.clock.now))","records":[]}"#)
            #expect(own.status == .unauthorized)
            let supervisor = try await Self.collect(
                client, fixture, device: attendant, [second], clock: start, role: .supervisor)
            #expect(supervisor.status == .forbidden)

            // The export was written long before the upload: its clock is not compared.
            let results = try Self.results(
                try await Self.collect(client, fixture, device: attendant, [first, second, late], clock: start))
            #expect(results.map { $0["status"] as? String } == ["duplicate", "recorded", "refused"], "\(results)")
            #expect(results[0]["invoiceId"] as? String == invoiceID)
            #expect((results[2]["error"] as? [String: Any])?["code"] as? String == "offline.tooLate")
            let exception = try #require(results[2]["exception"] as? [String: Any])
            #expect(exception["category"] as? String == "offline_refused")
            let exceptionID = try #require(exception["id"] as? String)
            let stored = try await fixture.store.exceptionCase(id: ExceptionCase.ID(exceptionID))
            #expect(stored?.deviceID?.rawValue == attendant)
            let secondInvoice = try #require(results[1]["invoiceId"] as? String)
            let invoice = try #require(try await fixture.store.invoice(id: Invoice.ID(secondInvoice)))
            #expect(invoice.deviceID.rawValue == attendant && invoice.issuedAt == second.at)

            // The recordings name the admin who brought them.
            var actors: [LedgerActor] = []
            for event in try await fixture.store.events(after: 0, limit: 10_000) where event.kind == .offlineRecorded {
                if case .offlineRecorded(let recording) = try event.fact() { actors.append(recording.actor) }
            }
            #expect(actors == [.device(admin), .device(admin)])

            // Sent again: the same answers, nothing new but the refusal's exception, found again.
            let count = try await fixture.eventCount()
            let again = try Self.results(
                try await Self.collect(client, fixture, device: attendant, [first, second, late], clock: start))
            #expect(again.map { $0["status"] as? String } == ["duplicate", "duplicate", "refused"])
            #expect(try await fixture.eventCount() == count)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("an unknown device is 404, a device without a key or one that makes no records 409, a bad body 400")
    func refusals() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let at = fixture.clock.now
            let unknown = try await Self.collect(client, fixture, device: "dev-nosuch", [], clock: at)
            #expect(unknown.status == .notFound)
            let keyless = try await Self.collect(client, fixture, device: "t-attendant", [], clock: at)
            #expect(keyless.status == .conflict)
            #expect(try errorObject(keyless)["code"] as? String == "device.noKey")
            let finance = try await Self.collect(client, fixture, device: "t-finance", [], clock: at)
            #expect(finance.status == .conflict)
            #expect(try errorObject(finance)["code"] as? String == "device.cannotIssue")
            let badClock = try await OfflineSyncTests.post(
                client, fixture, "/api/v1/devices/t-attendant/offline-tickets",
                #"{"deviceClock":"today","records":[]}"#, role: .admin)
            #expect(badClock.status == .badRequest)
        }
    }
}
