import Foundation
import Handheld
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A revoked handheld's queue (issue #16: "nothing issued after the device's revocation time
/// accepted"), with real processes: tickets made offline, the device revoked, more made offline
/// after it, `lunas handheld export`, and the admin's `POST /api/v1/devices/{id}/offline-tickets`.
@Suite("A revoked handheld's queue, exported and brought by an admin")
struct HandheldRevokedExportTests {
    @Test(
        "records made before the revocation are recorded, one made after refused and recorded, a repeat a duplicate"
    )
    func revokedQueue() async throws {
        let world = try await E2EWorld.start()
        defer { world.stopAll() }
        let admin = try await world.enrolDevice(name: "Admin", role: "admin", zone: nil)
        let device = try await world.enrolDevice(name: "HH R", role: "attendant", zone: "ayp-01")
        let handheld = HandheldTerminal("hh-revoked", in: world.root)
        try await handheld.json(["enroll", "--server", world.serverURL, "--token", device.token])

        // Offline before the revocation: a flat bill and an hourly entry.
        try await world.stopServer()
        let flat = try await handheld.ticket(["issue", "--plate", "DE 1 RV", "--class", "motorcycle"])
        let truck = try await handheld.ticket(["issue", "--plate", "DE 2 RV", "--class", "truck"])
        #expect(flat["mode"] as? String == "offline" && truck["mode"] as? String == "offline")
        try await world.startServer()
        let (revoked, _) = try await world.request(
            "DELETE", "\(world.serverURL)/api/v1/devices/\(device.id)", token: admin.token)
        #expect(revoked == 200)
        // Its own token no longer works: the queue cannot sync.
        let (own, _) = try await world.request(
            "POST", "\(world.serverURL)/api/v1/devices/me/offline-tickets", token: device.token,
            body: Data(#"{"deviceClock":"2026-12-07T00:00:00.000Z","records":[]}"#.utf8))
        #expect(own == 401)
        // The handheld, offline, goes on after its revocation: this one must not be accepted.
        // (The revocation was answered before the server stopped: every time below is after it.)
        try await world.stopServer()
        let late = try await handheld.ticket(["issue", "--plate", "DE 3 RV", "--class", "motorcycle"])
        #expect(late["mode"] as? String == "offline")
        try await world.startServer()

        let file = world.root.appendingPathComponent("queue.json")
        let exported = try await handheld.json(["export", "--output", file.path])
        #expect(exported["exported"] as? Int == 3 && exported["deviceId"] as? String == device.id)
        let body = try Data(contentsOf: file)
        let parsed = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect((parsed["records"] as? [Any])?.count == 3 && parsed["deviceClock"] is String)
        // Standard output gives the same records.
        let printed = try await handheld.run(["export"])
        #expect(printed.succeeded)
        let printedBody = try #require(try JSONSerialization.jsonObject(with: printed.stdout) as? [String: Any])
        #expect((printedBody["records"] as? [Any])?.count == 3)

        let url = "\(world.serverURL)/api/v1/devices/\(device.id)/offline-tickets"
        let (forbidden, _) = try await world.request("POST", url, token: world.financeToken, body: body)
        #expect(forbidden == 403)
        let (status, answer) = try await world.request("POST", url, token: admin.token, body: body)
        #expect(status == 200, "\(answer)")
        let results = try #require(answer["results"] as? [[String: Any]])
        #expect(results.map { $0["status"] as? String } == ["recorded", "recorded", "refused"], "\(results)")
        #expect((results[2]["error"] as? [String: Any])?["code"] as? String == "offline.tooLate")
        #expect((results[2]["exception"] as? [String: Any])?["category"] as? String == "offline_refused")
        let (again, repeated) = try await world.request("POST", url, token: admin.token, body: body)
        #expect(again == 200)
        let second = try #require(repeated["results"] as? [[String: Any]])
        #expect(second.prefix(2).map { $0["status"] as? String } == ["duplicate", "duplicate"])
        #expect(second[0]["invoiceId"] as? String == results[0]["invoiceId"] as? String)
        #expect(second[2]["status"] as? String == "refused")

        try await world.stopServer()
        let verify = try await ChildProcess.run(
            TestExecutable.lunas(), ["ledger", "verify", "--data-dir", world.data.path])
        #expect(verify.succeeded, "\(verify)")
    }
}
