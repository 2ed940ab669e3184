import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import NIOCore
import Testing

/// **Perangkat dan juru parkir**: enrolment with a QR and a `lunas://enroll` URI, revocation, and
/// who sees and does what (real HTTP).
@Suite("Staff console: devices (real HTTP)")
struct ConsoleDeviceTests {
    static let password = ConsoleSessionTests.password

    /// The enrolment URI's token on the page.
    static func token(in html: String) throws -> String {
        let uri = try #require(
            html.components(separatedBy: "<code>lunas://enroll?").dropFirst().first?
                .components(separatedBy: "</code>").first)
        return try #require(uri.components(separatedBy: "&amp;token=").last)
    }

    @Test(
        "an admin enrols a handheld: token once as QR and URI, it works at once; revoking with a reason stops it; the events name the admin"
    )
    func enrolAndRevoke() async throws {
        let fixture = try await APIFixture.console()
        let admin = try await fixture.addStaff("admin@ambon.example", role: .admin, password: Self.password).member
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("admin@ambon.example", Self.password).status == .seeOther)
            let csrf = try await browser.csrf("/console/devices")
            let enrolled = try await browser.post(
                "/console/devices",
                [
                    ("csrf", csrf), ("name", "Jukir Pattimura 03"), ("role", "attendant"), ("zone", "ptm-01"),
                    ("zone", "ayp-01"),
                ])
            #expect(enrolled.status == .created)
            let html = String(buffer: enrolled.body)
            #expect(html.contains("lunas://enroll?server=http%3A%2F%2F127.0.0.1%3A0&amp;token="))
            #expect(html.contains("<img src=\"data:image/png;base64,iVBOR"))
            let token = try Self.token(in: html)
            #expect(token.count == 43)
            let device = try #require(try await fixture.store.devices().first { $0.name == "Jukir Pattimura 03" })
            #expect(device.zones == ["ayp-01", "ptm-01"])
            #expect(device.role == .attendant)
            let listed = String(buffer: try await browser.get("/console/devices").body)
            #expect(listed.contains(device.id.rawValue))
            #expect(!listed.contains(token), "the token is shown once")

            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            let works = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=DE1234AB", method: .get, headers: headers, body: nil)
            #expect(works.status == .ok, "\(String(buffer: works.body))")

            let noReason = try await browser.post("/console/devices/\(device.id)/revoke", [("csrf", csrf)])
            #expect(noReason.status == .badRequest)
            let revoked = try await browser.post(
                "/console/devices/\(device.id)/revoke", [("csrf", csrf), ("reason", "handheld lost in the market")])
            #expect(revoked.status == .ok)
            let refused = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=DE1234AB", method: .get, headers: headers, body: nil)
            #expect(refused.status == .unauthorized)
            let events = try await fixture.store.events(entityID: device.id.rawValue)
            #expect(events.count == 2)
            #expect(events.allSatisfy { $0.payload.contains("\"staff\":\"\(admin.id.rawValue)\"") })
            #expect(try await fixture.store.device(id: device.id)?.revocationReason == "handheld lost in the market")
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test(
        "a supervisor of one zone sees and revokes only its attendants, enrols only attendants there; an auditor reads only"
    )
    func rolesAndZones() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff(
            "budi@ambon.example", role: .supervisor, password: Self.password, zones: ["ptm-01"])
        _ = try await fixture.addStaff("yosef@ambon.example", role: .auditor, password: Self.password)
        _ = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password)
        let inZone = try await fixture.store.enrolDevice(
            DeviceDraft(
                id: Device.ID("dev-inzone1"), name: "Pattimura", role: .attendant, zones: ["ptm-01"],
                credentialHash: "a" + String(repeating: "0", count: 63),
                enrolledAt: APIFixture.start, idempotencyKey: "e1"))
        let elsewhere = try await fixture.store.enrolDevice(
            DeviceDraft(
                id: Device.ID("dev-elsewhr1"), name: "Sam Ratulangi", role: .attendant, zones: ["smr-01"],
                credentialHash: "b" + String(repeating: "0", count: 63), enrolledAt: APIFixture.start,
                idempotencyKey: "e2"))
        try await fixture.live { client in
            var budi = ConsoleBrowser(client)
            #expect(try await budi.logIn("budi@ambon.example", Self.password).status == .seeOther)
            let page = String(buffer: try await budi.get("/console/devices").body)
            #expect(page.contains(inZone.id.rawValue))
            #expect(!page.contains(elsewhere.id.rawValue))
            let csrf = try await budi.csrf("/console/devices")
            #expect(
                try await budi.post("/console/devices/\(elsewhere.id)/revoke", [("csrf", csrf), ("reason", "x")]).status
                    == .notFound)
            #expect(
                try await budi.post(
                    "/console/devices", [("csrf", csrf), ("name", "K"), ("role", "kiosk"), ("zone", "ptm-01")]
                ).status == .badRequest)
            #expect(
                try await budi.post(
                    "/console/devices", [("csrf", csrf), ("name", "K"), ("role", "attendant"), ("zone", "smr-01")]
                ).status == .forbidden)
            #expect(
                try await budi.post(
                    "/console/devices", [("csrf", csrf), ("name", "Baru"), ("role", "attendant"), ("zone", "ptm-01")]
                ).status == .created)
            #expect(
                try await budi.post(
                    "/console/devices/\(inZone.id)/revoke", [("csrf", csrf), ("reason", "moved away")]
                ).status == .ok)

            var yosef = ConsoleBrowser(client)
            #expect(try await yosef.logIn("yosef@ambon.example", Self.password).status == .seeOther)
            let read = String(buffer: try await yosef.get("/console/devices").body)
            #expect(read.contains(elsewhere.id.rawValue))
            #expect(!read.contains("/revoke\""), "no revoke form for an auditor")
            let yosefCSRF = try await yosef.csrf("/console/devices")
            #expect(
                try await yosef.post(
                    "/console/devices/\(elsewhere.id)/revoke", [("csrf", yosefCSRF), ("reason", "x")]
                ).status == .forbidden)
            #expect(
                try await yosef.post(
                    "/console/devices", [("csrf", yosefCSRF), ("name", "X"), ("role", "attendant")]
                ).status == .forbidden)

            var rina = ConsoleBrowser(client)
            #expect(try await rina.logIn("rina@ambon.example", Self.password).status == .seeOther)
            #expect(try await rina.get("/console/devices").status == .forbidden)
        }
        #expect(try await fixture.store.device(id: elsewhere.id)?.revokedAt == nil)
    }

    @Test(
        "the leakage view: each device's day (issued, unpaid, share, missing numbers), another day, sorting, a bad date"
    )
    func leakageView() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("admin@ambon.example", role: .admin, password: Self.password)
        try await fixture.live { client in
            for plate in ["DE1AA", "DE2AA", "DE3AA"] {
                let response = try await client.execute(
                    uri: "/api/v1/parking/tickets", method: .post,
                    headers: fixture.headers(.attendant, key: "leak-\(plate)"),
                    body: ByteBuffer(string: #"{"plate":"\#(plate)","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
                #expect(response.status == .created, "\(String(buffer: response.body))")
            }
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("admin@ambon.example", Self.password).status == .seeOther)
            let page = String(buffer: try await browser.get("/console/devices").body)
            let leakage = try #require(page.components(separatedBy: "id=\"leak-h\"").dropFirst().first)
            let row = try #require(leakage.components(separatedBy: "<code>t-attendant</code>").dropFirst().first)
            let cells = row.components(separatedBy: "</tr>")[0]
            #expect(cells.contains("<td class=\"num\">3<br>"), "issued 3: \(cells)")
            #expect(cells.contains("100 %"), "\(cells)")
            #expect(!page.contains("⚠ perlu diperiksa"), "alone in its zone, a device is not an outlier")
            let sorted = String(buffer: try await browser.get("/console/devices?sort=name&date=2026-11-01").body)
            #expect(sorted.contains("<option value=\"name\" selected>"))
            #expect(!sorted.contains("<td class=\"num\">3<br>"), "nothing issued on another day")
            #expect(try await browser.get("/console/devices?date=x").status == .badRequest)
        }
    }
}
