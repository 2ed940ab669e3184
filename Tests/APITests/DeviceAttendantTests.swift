import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The person working with a handheld: set at enrolment or by an admin, one chain event per change
/// naming the admin, printed on tickets as "Petugas" (the one who worked with it at issue time).
@Suite("Device attendants over HTTP")
struct DeviceAttendantTests {
    static let flatTicket = #"{"plate":"de 1234 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#

    static func ticketText(
        _ fixture: APIFixture, _ client: some TestClientProtocol, invoiceID: String
    ) async throws
        -> [UInt8]
    {
        let job = try await client.execute(
            uri: "/api/v1/invoices/\(invoiceID)/ticket.escpos", method: .get, headers: fixture.headers(.attendant))
        #expect(job.status == .ok)
        return Array(job.body.readableBytesView)
    }

    static func issue(_ fixture: APIFixture, _ client: some TestClientProtocol, key: String) async throws -> String {
        let issued = try await client.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: key),
            body: ByteBuffer(string: flatTicket))
        let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
        return try #require(invoice["id"] as? String)
    }

    @Test("an admin changes the attendant; the event names the admin; tickets print who issued them")
    func change() async throws {
        let fixture = try await APIFixture.make()
        let attendantID = try #require(fixture.deviceIDs[.attendant]).rawValue
        try await fixture.live { client in
            let before = try await Self.issue(fixture, client, key: "att-0")
            var text = try await Self.ticketText(fixture, client, invoiceID: before)
            #expect(text.firstRange(of: Array("Terminal: \(attendantID)".utf8)) != nil)

            fixture.clock.advance(by: 60)
            let set = try await client.execute(
                uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":"Budi Latuconsina"}"#))
            #expect(set.status == .ok)
            let device = try #require(try jsonObject(set)["device"] as? [String: Any])
            #expect(device["attendant"] as? String == "Budi Latuconsina")
            let events = try await fixture.store.events(entityID: attendantID)
            let change = try #require(events.last)
            #expect(change.kind == .deviceAttendantChanged)
            #expect(change.payload.contains(#""device":"t-admin""#))
            #expect(change.payload.contains("Budi Latuconsina"))

            // The same name again writes nothing.
            let count = try await fixture.eventCount()
            let again = try await client.execute(
                uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":"Budi Latuconsina"}"#))
            #expect(again.status == .ok)
            #expect(try await fixture.eventCount() == count)

            fixture.clock.advance(by: 60)
            let budi = try await Self.issue(fixture, client, key: "att-1")
            text = try await Self.ticketText(fixture, client, invoiceID: budi)
            #expect(text.firstRange(of: Array("Petugas: Budi Latuconsina".utf8)) != nil)
            #expect(text.firstRange(of: Array("Terminal:".utf8)) == nil)

            fixture.clock.advance(by: 60)
            let handover = try await client.execute(
                uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":"Siti Tuhumury"}"#))
            #expect(handover.status == .ok)
            fixture.clock.advance(by: 60)
            let siti = try await Self.issue(fixture, client, key: "att-2")
            text = try await Self.ticketText(fixture, client, invoiceID: siti)
            #expect(text.firstRange(of: Array("Petugas: Siti Tuhumury".utf8)) != nil)
            // A reprint of Budi's ticket still names Budi.
            text = try await Self.ticketText(fixture, client, invoiceID: budi)
            #expect(text.firstRange(of: Array("Petugas: Budi Latuconsina".utf8)) != nil)
            text = try await Self.ticketText(fixture, client, invoiceID: before)
            #expect(text.firstRange(of: Array("Terminal: \(attendantID)".utf8)) != nil)

            let cleared = try await client.execute(
                uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":null}"#))
            #expect(cleared.status == .ok)
            #expect((try jsonObject(cleared)["device"] as? [String: Any])?["attendant"] == nil)
        }
        #expect(try await fixture.store.verify().isIntact)
        let reopened = try await SQLiteLedgerStore.open(
            path: fixture.directory.appendingPathComponent("lunas.sqlite").path)
        #expect(try await reopened.device(id: .init(attendantID))?.attendant == nil)
    }

    @Test("only admins change it; unknown devices are 404; a bad name is 400 naming attendant")
    func refused() async throws {
        let fixture = try await APIFixture.make()
        let attendantID = try #require(fixture.deviceIDs[.attendant]).rawValue
        try await fixture.live { client in
            let events = try await fixture.eventCount()
            for role in [Device.Role.attendant, .supervisor, .finance] {
                let response = try await client.execute(
                    uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(role),
                    body: ByteBuffer(string: #"{"attendant":"Budi"}"#))
                #expect(response.status == .forbidden, "\(role)")
            }
            let unknown = try await client.execute(
                uri: "/api/v1/devices/dev-nothere/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":"Budi"}"#))
            #expect(unknown.status == .notFound)
            let long = try await client.execute(
                uri: "/api/v1/devices/\(attendantID)/attendant", method: .put, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"attendant":"\#(String(repeating: "a", count: 61))"}"#))
            #expect(long.status == .badRequest)
            #expect(try errorObject(long)["field"] as? String == "attendant")
            #expect(try await fixture.eventCount() == events)
        }
    }

    @Test("enrolment takes the attendant; the enrolment event carries it")
    func enrol() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let response = try await client.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(
                    string: #"{"name":"HH Pattimura 03","role":"attendant","zones":["ayp-01"],"attendant":"Yosef"}"#))
            #expect(response.status == .created)
            let device = try #require(try jsonObject(response)["device"] as? [String: Any])
            #expect(device["attendant"] as? String == "Yosef")
            let id = try #require(device["id"] as? String)
            #expect(try await fixture.store.device(id: .init(id))?.attendant == "Yosef")
        }
        #expect(try await fixture.store.verify().isIntact)
    }
}
