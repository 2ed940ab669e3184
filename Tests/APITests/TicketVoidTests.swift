import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Tickets that end without an invoice, over real HTTP: an exit within the grace period closes the
/// ticket at Rp0 with a printable ticket and no QR; a void by the opener or a supervisor of the zone,
/// refused to anyone else; voids counted per device for the leakage view.
@Suite("Free exits and voided tickets over HTTP")
struct TicketVoidTests {
    static func has(_ bytes: [UInt8], _ text: String) -> Bool { bytes.firstRange(of: Array(text.utf8)) != nil }

    static func openCar(
        _ fixture: APIFixture, _ client: some TestClientProtocol, key: String, plate: String
    )
        async throws -> String
    {
        let opened = try await client.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: key),
            body: ByteBuffer(string: #"{"plate":"\#(plate)","vehicleClass":"car"}"#))
        #expect(opened.status == .created)
        return try #require((try jsonObject(opened)["ticket"] as? [String: Any])?["id"] as? String)
    }

    static func enrol(_ fixture: APIFixture, id: String, role: Device.Role, zones: [String]) async throws -> HTTPFields
    {
        let token = Device.generateToken()
        _ = try await fixture.store.enrolDevice(
            DeviceDraft(
                id: .init(id), name: id, role: role, zones: zones,
                credentialHash: Device.credentialHash(forToken: token),
                enrolledAt: APIFixture.start, idempotencyKey: "enrol-\(id)"))
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(token)"
        fields[.contentType] = "application/json"
        return fields
    }

    @Test("an exit within the grace period closes the ticket at Rp0: no invoice, a printable ticket without QR")
    func graceExit() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let id = try await Self.openCar(fixture, client, key: "grace-1", plate: "DE 5 G")
            fixture.clock.advance(by: 3 * 60)  // inside the 5-minute grace period
            let exit = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(exit.status == .created)
            let object = try jsonObject(exit)
            #expect(object["invoice"] is NSNull)
            let ticket = try #require(object["ticket"] as? [String: Any])
            #expect(ticket["closure"] as? String == "free")
            #expect(ticket["exitTime"] as? String == "2026-11-24T01:03:00Z")
            #expect(object["exit"] == nil)
            let links = try #require(object["links"] as? [String: Any])
            #expect(Set(links.keys) == ["ticketEscpos", "ticketPng"])
            let job = try await client.execute(
                uri: try #require(links["ticketEscpos"] as? String), method: .get, headers: fixture.headers(.attendant))
            let bytes = Array(job.body.readableBytesView)
            #expect(Self.has(bytes, "Rp0") && Self.has(bytes, "Tidak ada biaya"))
            #expect(Self.has(bytes, "Lama parkir: 3 menit"))
            #expect(Self.has(bytes, "Keluar: 24-11-2026 10:03 WIT"))
            #expect(bytes.firstRange(of: [0x1D, 0x76, 0x30]) == nil, "no QR raster")

            let events = try await fixture.eventCount()
            let again = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(again.status == .ok)
            #expect(try await fixture.eventCount() == events)
            let lookup = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=DE5G", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect((try jsonObject(lookup)["tickets"] as? [Any])?.isEmpty == true)
            let kinds = try await fixture.store.events(entityID: id).map(\.kind)
            #expect(kinds == [.ticketOpened, .ticketClosedFree])
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a stay inside the free night window closes at Rp0 too")
    func freeWindowExit() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            fixture.clock.advance(by: 12 * 3600 + 30 * 60)  // 22:30 WIT: the night window is free
            let id = try await Self.openCar(fixture, client, key: "night-1", plate: "DE 4 N")
            fixture.clock.advance(by: 3600)
            let exit = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(exit.status == .created)
            let object = try jsonObject(exit)
            #expect(object["invoice"] is NSNull)
            #expect((object["ticket"] as? [String: Any])?["closure"] as? String == "free")
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("the opener voids its ticket; the event names it; the void slip prints; voids count per device")
    func voidByOpener() async throws {
        let fixture = try await APIFixture.make()
        let attendant = try #require(fixture.deviceIDs[.attendant])
        try await fixture.live { client in
            let id = try await Self.openCar(fixture, client, key: "void-1", plate: "DE 6 V")
            let voided = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"salah input plat"}"#))
            #expect(voided.status == .ok)
            let object = try jsonObject(voided)
            let ticket = try #require(object["ticket"] as? [String: Any])
            #expect(ticket["closure"] as? String == "void")
            #expect(ticket["voidReason"] as? String == "salah input plat")
            let event = try #require(try await fixture.store.events(entityID: id).last)
            #expect(event.kind == .ticketVoided)
            #expect(event.payload.contains(#""device":"\#(attendant.rawValue)""#))

            let events = try await fixture.eventCount()
            let again = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"salah input plat"}"#))
            #expect(again.status == .ok)
            #expect(try await fixture.eventCount() == events)
            let exit = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(exit.status == .conflict)

            let links = try #require(object["links"] as? [String: Any])
            let slip = try await client.execute(
                uri: try #require(links["ticketEscpos"] as? String), method: .get, headers: fixture.headers(.attendant))
            let bytes = Array(slip.body.readableBytesView)
            #expect(Self.has(bytes, "DIBATALKAN") && Self.has(bytes, "Alasan: salah input plat"))
            #expect(Self.has(bytes, "Karcis ini tidak berlaku") && !Self.has(bytes, "sampai keluar"))

            // A flat ticket has its invoice: nothing to void (cancel the invoice instead).
            let flat = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "void-flat"),
                body: ByteBuffer(string: #"{"plate":"DE 7 F","vehicleClass":"motorcycle"}"#))
            let flatID = try #require((try jsonObject(flat)["ticket"] as? [String: Any])?["id"] as? String)
            let refused = try await client.execute(
                uri: "/api/v1/parking/tickets/\(flatID)/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"x"}"#))
            #expect(refused.status == .conflict)
            let empty = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"  "}"#))
            #expect(empty.status == .badRequest)
            let unknown = try await client.execute(
                uri: "/api/v1/parking/tickets/tkt_nope/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"x"}"#))
            #expect(unknown.status == .notFound)
        }
        let day = try await fixture.store.deviceActivity(
            from: APIFixture.start.addingTimeInterval(-3600), to: APIFixture.start.addingTimeInterval(23 * 3600))
        #expect(day.first { $0.deviceID == attendant }?.ticketsVoided == 1)
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a supervisor of the zone voids; another attendant, a supervisor of another zone and finance may not")
    func whoMayVoid() async throws {
        let fixture = try await APIFixture.make()
        let other = try await Self.enrol(fixture, id: "t-attendant-2", role: .attendant, zones: ["ayp-01"])
        let elsewhere = try await Self.enrol(fixture, id: "t-super-smr", role: .supervisor, zones: ["smr-01"])
        let here = try await Self.enrol(fixture, id: "t-super-ayp", role: .supervisor, zones: ["ayp-01"])
        try await fixture.live { client in
            let id = try await Self.openCar(fixture, client, key: "void-2", plate: "DE 8 S")
            let events = try await fixture.eventCount()
            for (headers, status) in [
                (other, HTTPResponse.Status.forbidden), (elsewhere, .forbidden),
                (fixture.headers(.finance), .forbidden),
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"reason":"x"}"#))
                #expect(response.status == status)
            }
            #expect(try await fixture.eventCount() == events)
            let voided = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: here,
                body: ByteBuffer(string: #"{"reason":"mobil pergi tanpa bayar"}"#))
            #expect(voided.status == .ok)
            #expect(try #require(try await fixture.store.events(entityID: id).last).payload.contains("t-super-ayp"))
        }
        #expect(try await fixture.store.verify().isIntact)
    }
}

/// Reprints over real HTTP: counted per ticket by a `ticket.reprinted` event, printed on the ticket.
@Suite("Reprinted tickets over HTTP")
struct TicketReprintTests {
    @Test("a reprint is counted, names the device, and the same links print CETAK ULANG ke-N")
    func reprint() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let id = try await TicketVoidTests.openCar(fixture, client, key: "reprint-1", plate: "DE 9 R")
            let first = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/ticket.escpos", method: .get, headers: fixture.headers(.attendant))
            #expect(!TicketVoidTests.has(Array(first.body.readableBytesView), "CETAK ULANG"))
            for count in 1...2 {
                let response = try await client.execute(
                    uri: "/api/v1/parking/tickets/\(id)/reprint", method: .post, headers: fixture.headers(.attendant))
                #expect(response.status == .ok)
                let object = try jsonObject(response)
                #expect((object["ticket"] as? [String: Any])?["reprints"] as? Int == count)
                let links = try #require(object["links"] as? [String: Any])
                #expect(links["ticketEscpos"] as? String == "/api/v1/parking/tickets/\(id)/ticket.escpos")
            }
            let again = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/ticket.escpos", method: .get, headers: fixture.headers(.attendant))
            #expect(TicketVoidTests.has(Array(again.body.readableBytesView), "CETAK ULANG ke-2"))
            let event = try #require(try await fixture.store.events(entityID: id).last)
            #expect(event.kind == .ticketReprinted && event.payload.contains("t-attendant"))
            let finance = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/reprint", method: .post, headers: fixture.headers(.finance))
            #expect(finance.status == .forbidden)
            let unknown = try await client.execute(
                uri: "/api/v1/parking/tickets/tkt_nope/reprint", method: .post, headers: fixture.headers(.attendant))
            #expect(unknown.status == .notFound)
        }
        #expect(
            try await fixture.store.ticket(
                id: .init(
                    try #require(
                        try await fixture.store.events(after: 0, limit: 100).last { $0.kind == .ticketReprinted }?
                            .entityID)))?
                .reprints == 2)
        #expect(try await fixture.store.verify().isIntact)
    }
}

/// Supervisors see voids per device on the console's leakage view.
@Suite("Voids on the leakage view")
struct ConsoleVoidCountTests {
    @Test("the leakage view counts a device's voided tickets in its own column")
    func voidsColumn() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("spv@ambon.example", role: .supervisor, password: ConsoleSessionTests.password)
        try await fixture.live { client in
            let id = try await TicketVoidTests.openCar(fixture, client, key: "leak-void", plate: "DE 3 V")
            _ = try await TicketVoidTests.openCar(fixture, client, key: "leak-open", plate: "DE 2 V")
            let voided = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/void", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"reason":"salah input"}"#))
            #expect(voided.status == .ok)
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("spv@ambon.example", ConsoleSessionTests.password).status == .seeOther)
            let page = String(buffer: try await browser.get("/console/devices").body)
            #expect(page.contains("Karcis batal"))
            let leakage = try #require(page.components(separatedBy: "id=\"leak-h\"").dropFirst().first)
            let row = try #require(leakage.components(separatedBy: "<code>t-attendant</code>").dropFirst().first)
            let cells = row.components(separatedBy: "</tr>")[0]
            #expect(cells.hasSuffix("<td class=\"num\">1</td>"), "\(cells)")
        }
    }
}
