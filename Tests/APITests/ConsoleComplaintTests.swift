import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Issuing
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// **Aduan** in the console over real HTTP: the queue, one complaint with the citizen's words, and
/// the actions as chain events naming the staff member; auditors read without the contact.
@Suite("Console: complaints (real HTTP)")
struct ConsoleComplaintTests {
    static let password = ConsoleSessionTests.password

    @Test(
        "a supervisor takes, answers and resolves a complaint; an auditor reads it without the contact and cannot act")
    func workAComplaint() async throws {
        let fixture = try await APIFixture.console()
        let supervisor = try await fixture.addStaff("spv@ambon.example", role: .supervisor, password: Self.password)
            .member
        _ = try await fixture.addStaff("aud@ambon.example", role: .auditor, password: Self.password)
        _ = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password)
        try await fixture.live { client in
            let filed = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                body: ByteBuffer(
                    string:
                        #"{"category":"cash_requested","zone":"ayp-01","description":"Diminta tunai <script>x</script>","contact":"warga@example.id","plate":"DE 1 A"}"#
                ))
            let number = try #require((try jsonObject(filed)["complaint"] as? [String: Any])?["number"] as? String)

            var spv = try await ConsoleExceptionPagesTests.signIn(client, "spv@ambon.example")
            let queue = String(buffer: try await spv.get("/console/complaints").body)
            #expect(queue.contains(number) && queue.contains("Diminta membayar tunai"))
            let page = String(buffer: try await spv.get("/console/complaints/\(number)").body)
            #expect(page.contains("warga@example.id") && page.contains("&lt;script&gt;") && !page.contains("<script>x"))
            let csrf = try await spv.csrf("/console/complaints/\(number)")
            let assigned = try await spv.post(
                "/console/complaints/\(number)/assign", [("csrf", csrf), ("to", "spv@ambon.example")])
            #expect(assigned.status == .seeOther)
            let empty = try await spv.post("/console/complaints/\(number)/answer", [("csrf", csrf), ("message", "  ")])
            #expect(empty.status == .badRequest && String(buffer: empty.body).contains("message"))
            let answered = try await spv.post(
                "/console/complaints/\(number)/answer", [("csrf", csrf), ("message", "Kami tindak lanjuti hari ini.")])
            #expect(answered.status == .seeOther)
            let noLapor = try await spv.post(
                "/console/complaints/\(number)/resolve",
                [("csrf", csrf), ("outcome", "referred"), ("note", "Ke LAPOR!")])
            #expect(noLapor.status == .badRequest)
            let resolved = try await spv.post(
                "/console/complaints/\(number)/resolve",
                [("csrf", csrf), ("outcome", "referred"), ("note", "Ke LAPOR!"), ("laporNumber", "3211-ABC")])
            #expect(resolved.status == .seeOther)
            let events = try await fixture.store.events(entityID: number)
            #expect(
                events.map(\.kind.rawValue) == [
                    "complaint.filed", "complaint.assigned", "complaint.answered", "complaint.resolved",
                ])
            #expect(events.dropFirst().allSatisfy { $0.payload.contains("\"staff\":\"\(supervisor.id.rawValue)\"") })

            var aud = try await ConsoleExceptionPagesTests.signIn(client, "aud@ambon.example")
            let audited = String(buffer: try await aud.get("/console/complaints/\(number)?state=all").body)
            #expect(audited.contains("Kami tindak lanjuti") && !audited.contains("warga@example.id"))
            let audCSRF = try await aud.csrf()
            let refused = try await aud.post(
                "/console/complaints/\(number)/answer", [("csrf", audCSRF), ("message", "x")])
            #expect(refused.status == .forbidden)
            var keu = try await ConsoleExceptionPagesTests.signIn(client, "keu@ambon.example")
            #expect(try await keu.get("/console/complaints").status == .forbidden)
        }
        #expect(try await fixture.store.verify().isIntact)
    }
}

extension ConsoleComplaintTests {
    @Test("a complaint found true about an attendant's ticket counts and marks that device on the leakage view")
    func leakageView() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("spv@ambon.example", role: .supervisor, password: Self.password)
        try await fixture.live { client in
            let issued = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "lv-1"),
                body: ByteBuffer(string: ComplaintTests.issueTicket))
            let bill = try #require((try jsonObject(issued)["invoice"] as? [String: Any])?["billNumber"] as? String)
            let filed = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                body: ByteBuffer(string: #"{"category":"overcharged","billNumber":"\#(bill)","description":"Rp5.000"}"#)
            )
            let number = try #require((try jsonObject(filed)["complaint"] as? [String: Any])?["number"] as? String)
            let before = try await fixture.store.deviceActivity(
                from: APIFixture.start.addingTimeInterval(-3600), to: APIFixture.start.addingTimeInterval(3600))
            #expect(before.first { $0.deviceID == fixture.deviceIDs[.attendant] }?.substantiatedComplaints == 0)
            let resolved = try await client.execute(
                uri: "/api/v1/complaints/\(number)/resolve", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(string: #"{"outcome":"substantiated","note":"Terbukti."}"#))
            #expect(resolved.status == .ok)
            let after = try await fixture.store.deviceActivity(
                from: APIFixture.start.addingTimeInterval(-3600), to: APIFixture.start.addingTimeInterval(3600))
            let device = try #require(after.first { $0.deviceID == fixture.deviceIDs[.attendant] })
            #expect(device.substantiatedComplaints == 1)
            #expect(LeakageRule.standard.outliers(after).contains(device.deviceID))
            var spv = try await ConsoleExceptionPagesTests.signIn(client, "spv@ambon.example")
            let page = String(buffer: try await spv.get("/console/devices?date=2026-11-24").body)
            #expect(page.contains("<span class=\"mark\">⚠"))
        }
    }
}
